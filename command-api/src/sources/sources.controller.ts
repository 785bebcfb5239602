import { openApiSchema } from '../http/openapi-schema.js';
import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SourceCommand } from '@chronicle/domain';
import type { Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantRoles } from '../auth/access.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { IfMatchVersion } from '../http/if-match.decorator.js';
import { ApiCommandErrors, ApiIdempotencyKey } from '../http/openapi-decorators.js';
import { requestFingerprint } from '../http/request-fingerprint.js';
import { ParamPipe } from '../validation/param.pipe.js';
import { SchemaPipe } from '../validation/schema.pipe.js';
import { ChangeSource } from './change-source.command.js';
import {
  EmptySchema,
  RegisterSourceSchema,
  RenameSourceSchema,
  SourceChangedSchema,
  SourceIdSchema,
  TransferSourceOwnershipSchema,
} from './source.schemas.js';

const sourceIdParam = new ParamPipe('sourceId', SourceIdSchema);

/** Tenant admins manage their tenant's sources. Each route builds a domain command and sends it. */
@ApiTags('sources')
@ApiBearerAuth()
@ApiIdempotencyKey()
@ApiCommandErrors()
@TenantRoles('tenant-admin')
@Controller('api/sources')
export class SourcesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a source with its owner (a user’s subject)' })
  @ApiBody({ schema: openApiSchema(RegisterSourceSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(SourceChangedSchema) })
  register(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Body(new SchemaPipe(RegisterSourceSchema)) body: Static<typeof RegisterSourceSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const command: SourceCommand = { type: 'RegisterSource', data: { ...body, unit: body.unit ?? null } };
    return this.send(caller, body.sourceId, command, key, undefined, request, reply, body);
  }

  @Post(':sourceId/rename')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename a source' })
  @ApiIfMatch()
  @ApiBody({ schema: openApiSchema(RenameSourceSchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(SourceChangedSchema) })
  rename(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @IfMatchVersion() expectedVersion: number | undefined,
    @Param('sourceId', sourceIdParam) sourceId: string,
    @Body(new SchemaPipe(RenameSourceSchema)) body: Static<typeof RenameSourceSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const command: SourceCommand = { type: 'RenameSource', data: body };
    return this.send(caller, sourceId, command, key, expectedVersion, request, reply, body);
  }

  @Post(':sourceId/transfer-ownership')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a source to another owner' })
  @ApiIfMatch()
  @ApiBody({ schema: openApiSchema(TransferSourceOwnershipSchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(SourceChangedSchema) })
  transferOwnership(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @IfMatchVersion() expectedVersion: number | undefined,
    @Param('sourceId', sourceIdParam) sourceId: string,
    @Body(new SchemaPipe(TransferSourceOwnershipSchema)) body: Static<typeof TransferSourceOwnershipSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const command: SourceCommand = { type: 'TransferSourceOwnership', data: body };
    return this.send(caller, sourceId, command, key, expectedVersion, request, reply, body);
  }

  @Post(':sourceId/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a source: it accepts no more measurements or changes' })
  @ApiIfMatch()
  @ApiBody({ schema: openApiSchema(EmptySchema), required: false })
  @ApiResponse({ status: 200, schema: openApiSchema(SourceChangedSchema) })
  retire(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @IfMatchVersion() expectedVersion: number | undefined,
    @Param('sourceId', sourceIdParam) sourceId: string,
    @Body(new SchemaPipe(EmptySchema, {})) body: Static<typeof EmptySchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.send(
      caller,
      sourceId,
      { type: 'RetireSource', data: {} },
      key,
      expectedVersion,
      request,
      reply,
      body,
    );
  }

  private async send(
    caller: Caller,
    sourceId: string,
    command: SourceCommand,
    key: string,
    expectedVersion: number | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    body: unknown,
  ) {
    const { replayed, ...changed } = await this.commands.execute(
      new ChangeSource(
        caller,
        sourceId,
        command,
        key,
        requestFingerprint(request, body),
        expectedVersion,
        request.id,
      ),
    );
    if (replayed) void reply.header('idempotent-replayed', 'true');
    void reply.header('etag', `"${changed.version}"`);
    return changed;
  }
}

function ApiIfMatch() {
  return ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The source version you saw: the change is refused (409) if someone changed it since',
  });
}
