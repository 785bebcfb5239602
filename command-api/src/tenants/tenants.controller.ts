import { openApiSchema } from '../http/openapi-schema.js';
import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlatformRoles } from '../auth/access.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { ApiCommandErrors, ApiIdempotencyKey } from '../http/openapi-decorators.js';
import { EmptySchema } from '../sources/source.schemas.js';
import { ParamPipe } from '../validation/param.pipe.js';
import { SchemaPipe } from '../validation/schema.pipe.js';
import { sendTenantChange } from './send-tenant-change.js';
import {
  InviteUserSchema,
  RegisterTenantSchema,
  RoleSchema,
  UsernameSchema,
  SuspendTenantSchema,
  TenantChangedSchema,
  TenantIdSchema,
} from './tenant.schemas.js';

const tenantIdParam = new ParamPipe('tenantId', TenantIdSchema);

/**
 * Platform admins create tenants (each becomes a Keycloak realm), suspend or reactivate them, and invite a
 * tenant's first users (its first tenant admin), after which the tenant manages its own.
 */
@ApiTags('tenants')
@ApiBearerAuth()
@ApiIdempotencyKey()
@ApiCommandErrors()
@PlatformRoles('platform-admin')
@Controller('api/tenants')
export class TenantsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a tenant; its realm is provisioned in Keycloak right after' })
  @ApiBody({ schema: openApiSchema(RegisterTenantSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(TenantChangedSchema) })
  register(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Body(new SchemaPipe(RegisterTenantSchema)) body: Static<typeof RegisterTenantSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId: body.tenantId, key, request, reply },
      { type: 'RegisterTenant', data: body, metadata: { now: new Date() } },
      body,
    );
  }

  @Post(':tenantId/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend a tenant: its realm is disabled and its tokens refused' })
  @ApiBody({ schema: openApiSchema(SuspendTenantSchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(TenantChangedSchema) })
  suspend(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Param('tenantId', tenantIdParam) tenantId: string,
    @Body(new SchemaPipe(SuspendTenantSchema)) body: Static<typeof SuspendTenantSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId, key, request, reply },
      { type: 'SuspendTenant', data: body },
      body,
    );
  }

  @Post(':tenantId/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a suspended tenant' })
  @ApiBody({ schema: openApiSchema(EmptySchema), required: false })
  @ApiResponse({ status: 200, schema: openApiSchema(TenantChangedSchema) })
  reactivate(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Param('tenantId', tenantIdParam) tenantId: string,
    @Body(new SchemaPipe(EmptySchema, {})) body: Static<typeof EmptySchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId, key, request, reply },
      { type: 'ReactivateTenant', data: {} },
      body,
    );
  }

  @Post(':tenantId/users')
  @HttpCode(201)
  @ApiOperation({ summary: "Invite a user into a tenant (e.g. the tenant's first admin)" })
  @ApiBody({ schema: openApiSchema(InviteUserSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(TenantChangedSchema) })
  inviteUser(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Param('tenantId', tenantIdParam) tenantId: string,
    @Body(new SchemaPipe(InviteUserSchema)) body: Static<typeof InviteUserSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId, key, request, reply },
      { type: 'InviteUser', data: body },
      body,
    );
  }

  @Post(':tenantId/users/:username/grant-role')
  @HttpCode(200)
  @ApiOperation({ summary: 'Grant a tenant role to a user of a tenant' })
  @ApiBody({ schema: openApiSchema(RoleSchema) })
  @ApiResponse({ status: 200, schema: openApiSchema(TenantChangedSchema) })
  grantRole(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Param('tenantId', tenantIdParam) tenantId: string,
    @Param('username', new ParamPipe('username', UsernameSchema)) username: string,
    @Body(new SchemaPipe(RoleSchema)) body: Static<typeof RoleSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendTenantChange(
      this.commands,
      { caller, tenantId, key, request, reply },
      { type: 'GrantRole', data: { username, role: body.role } },
      body,
    );
  }
}
