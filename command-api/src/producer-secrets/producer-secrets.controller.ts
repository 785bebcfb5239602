import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantRoles } from '../auth/access.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { ApiCommandErrors, ApiIdempotencyKey } from '../http/openapi-decorators.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { requestFingerprint } from '../http/request-fingerprint.js';
import { ProducerClientIdSchema } from '../tenants/tenant.schemas.js';
import { ParamPipe } from '../validation/param.pipe.js';
import { SchemaPipe } from '../validation/schema.pipe.js';
import {
  RotateProducerSecretSchema,
  SecretRotationNumberSchema,
  SecretRotationSchema,
} from './producer-secret.schemas.js';
import { RequestProducerSecret } from './request-producer-secret.command.js';
import type { SecretRotation } from './secret-rotation.js';
import { FindSecretRotation } from './secret-rotation.query.js';

const clientIdParam = new ParamPipe('clientId', ProducerClientIdSchema);

const rotationPath = ({ clientId, rotation }: SecretRotation) =>
  `/api/producer-clients/${clientId}/secret-rotations/${rotation}`;

/**
 * A tenant admin rotates a producer client's secret and gets the new one, sealed for a key only the admin
 * holds: the command API never sees it in the clear, and has no Keycloak rights (the realm reconciler
 * rotates and seals). The answer waits a few seconds for the reconciler, then says pending instead.
 */
@ApiTags('tenant identity')
@ApiBearerAuth()
@TenantRoles('tenant-admin')
@Controller('api/producer-clients/:clientId')
export class ProducerSecretsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('rotate-secret')
  @ApiOperation({
    summary: "Rotate a producer client's secret; the new one comes back sealed with the request's publicKey",
  })
  @ApiIdempotencyKey()
  @ApiCommandErrors()
  @ApiBody({ schema: openApiSchema(RotateProducerSecretSchema) })
  @ApiResponse({
    status: 200,
    description: 'Issued (or failed)',
    schema: openApiSchema(SecretRotationSchema),
  })
  @ApiResponse({
    status: 202,
    description: 'Not issued yet: GET the Location for it',
    schema: openApiSchema(SecretRotationSchema),
    headers: { Location: { description: 'The rotation, to GET', schema: { type: 'string' } } },
  })
  async rotate(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Param('clientId', clientIdParam) clientId: string,
    @Body(new SchemaPipe(RotateProducerSecretSchema)) body: Static<typeof RotateProducerSecretSchema>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { rotation, replayed } = await this.commands.execute(
      new RequestProducerSecret(
        caller,
        clientId,
        body.publicKey,
        key,
        requestFingerprint(request, body),
        request.id,
      ),
    );
    // Ciphertext only, but an answer for one person at one moment: no cache keeps it.
    void reply.header('cache-control', 'no-store');
    if (replayed) void reply.header('idempotent-replayed', 'true');
    if (rotation.status === 'pending') void reply.status(202).header('location', rotationPath(rotation));
    else void reply.status(200);
    await reply.send(rotation);
  }

  @Get('secret-rotations/:rotation')
  @ApiOperation({ summary: 'One rotation of the secret: pending, or its sealed secret once issued' })
  @ApiCommandErrors()
  @ApiResponse({ status: 200, schema: openApiSchema(SecretRotationSchema) })
  async rotation(
    @CurrentCaller() caller: Caller,
    @Param('clientId', clientIdParam) clientId: string,
    @Param('rotation', new ParamPipe('rotation', SecretRotationNumberSchema)) rotation: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.queries.execute(
      new FindSecretRotation(caller.tenant, clientId, Number(rotation)),
    );
    await reply.status(200).header('cache-control', 'no-store').send(found);
  }
}
