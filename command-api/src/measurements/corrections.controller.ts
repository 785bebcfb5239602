import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantRoles } from '../auth/access.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { ApiCommandErrors, ApiIdempotencyKey } from '../http/openapi-decorators.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { requestFingerprint } from '../http/request-fingerprint.js';
import { SourceIdSchema } from '../sources/source.schemas.js';
import { ParamPipe } from '../validation/param.pipe.js';
import { SchemaPipe } from '../validation/schema.pipe.js';
import { CorrectMeasurements } from './correct-measurements.command.js';
import { CorrectMeasurementsSchema, MeasurementsCorrectedSchema } from './messages.schema.js';

@ApiTags('measurements')
@ApiBearerAuth()
@Controller('api/sources/:sourceId/corrections')
export class CorrectionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @TenantRoles('tenant-admin')
  @ApiOperation({ summary: "Correct a source's values at given timestamps, with a reason" })
  @ApiIdempotencyKey()
  @ApiBody({ schema: openApiSchema(CorrectMeasurementsSchema) })
  @ApiResponse({ status: 201, schema: openApiSchema(MeasurementsCorrectedSchema) })
  @ApiCommandErrors()
  async correct(
    @CurrentCaller() caller: Caller,
    @IdempotencyKey() key: string,
    @Param('sourceId', new ParamPipe('sourceId', SourceIdSchema)) sourceId: string,
    @Body(new SchemaPipe(CorrectMeasurementsSchema)) body: Static<typeof CorrectMeasurementsSchema>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { replayed, ...corrected } = await this.commands.execute(
      new CorrectMeasurements(
        caller,
        sourceId,
        body.points,
        body.reason,
        key,
        requestFingerprint(request, body),
        request.id,
      ),
    );
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return corrected;
  }
}
