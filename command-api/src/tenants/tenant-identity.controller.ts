import { openApiSchema } from '../http/openapi-schema.js';
import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantRoles } from '../auth/access.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { ApiCommandErrors, ApiIdempotencyKey } from '../http/openapi-decorators.js';
import { ParamPipe } from '../validation/param.pipe.js';
import { SchemaPipe } from '../validation/schema.pipe.js';
import { sendTenantChange } from './send-tenant-change.js';
import {
  InviteUserSchema,
  RegisterProducerClientSchema,
  RoleSchema,
  TenantChangedSchema,
  UsernameSchema,
} from './tenant.schemas.js';

const usernameParam = new ParamPipe('username', UsernameSchema);

/**
 * A tenant admin manages the tenant's own producers and users; the tenant is the token's. Rotating a
 * producer's secret is producer-secrets/.
 */
@ApiTags('tenant identity')
@ApiBearerAuth()
@ApiIdempotencyKey()
@ApiCommandErrors()
@ApiResponse({ status: 200, schema: openApiSchema(TenantChangedSchema) })
@TenantRoles('tenant-admin')
@Controller('api')
export class TenantIdentityController {
  constructor(private readonly commands: CommandBus) {}

  @Post('producer-clients')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a producer client (client credentials, role producer)' })
  @ApiBody({ schema: openApiSchema(RegisterProducerClientSchema) })
  registerProducerClient(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Body(new SchemaPipe(RegisterProducerClientSchema)) body: Static<typeof RegisterProducerClientSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId: caller.tenant, key, request, reply },
      { type: 'RegisterProducerClient', data: body },
      body,
    );
  }

  @Post('users')
  @HttpCode(201)
  @ApiOperation({ summary: 'Invite a user (they set their password on first login)' })
  @ApiBody({ schema: openApiSchema(InviteUserSchema) })
  inviteUser(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Body(new SchemaPipe(InviteUserSchema)) body: Static<typeof InviteUserSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId: caller.tenant, key, request, reply },
      { type: 'InviteUser', data: body },
      body,
    );
  }

  @Post('users/:username/grant-role')
  @HttpCode(200)
  @ApiOperation({ summary: 'Grant a user a tenant role' })
  @ApiBody({ schema: openApiSchema(RoleSchema) })
  grantRole(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Param('username', usernameParam) username: string,
    @Body(new SchemaPipe(RoleSchema)) body: Static<typeof RoleSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId: caller.tenant, key, request, reply },
      { type: 'GrantRole', data: { username, role: body.role } },
      body,
    );
  }

  @Post('users/:username/revoke-role')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a tenant role from a user' })
  @ApiBody({ schema: openApiSchema(RoleSchema) })
  revokeRole(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Param('username', usernameParam) username: string,
    @Body(new SchemaPipe(RoleSchema)) body: Static<typeof RoleSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId: caller.tenant, key, request, reply },
      { type: 'RevokeRole', data: { username, role: body.role } },
      body,
    );
  }
}
