import { openApiSchema } from '../http/openapi-schema.js';
import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantRoles } from '../auth/access.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { ApiCommandErrors, ApiIdempotencyKey } from '../http/openapi-decorators.js';
import { requestFingerprint } from '../http/request-fingerprint.js';
import { MessagesPipe, type Messages } from './messages.pipe.js';
import { MessagesAcceptedSchema, MessagesBodySchema } from './messages.schema.js';
import { RecordMessages } from './record-messages.command.js';

@ApiTags('measurements')
@ApiBearerAuth()
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(202)
  @TenantRoles('producer')
  @ApiOperation({
    summary: "Record measurements: one source's batch, or several sources' batches, atomically",
  })
  @ApiIdempotencyKey()
  @ApiBody({ schema: openApiSchema(MessagesBodySchema) })
  @ApiResponse({
    status: 202,
    description: 'Appended to the event store',
    schema: openApiSchema(MessagesAcceptedSchema),
  })
  @ApiCommandErrors(413)
  async record(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() idempotencyKey: string,
    @Body(MessagesPipe) messages: Messages,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { response, replayed } = await this.commands.execute(
      new RecordMessages(
        caller,
        messages,
        idempotencyKey,
        requestFingerprint(request, messages.batches),
        request.id,
      ),
    );
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return response;
  }
}
