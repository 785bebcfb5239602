import type { CommandBus } from '@nestjs/cqrs';
import type { TenantCommand } from '@chronicle/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import { requestFingerprint } from '../http/request-fingerprint.js';
import { ChangeTenant } from './change-tenant.command.js';

/** What every tenant route does once it has built its command. */
export async function sendTenantChange(
  commands: CommandBus,
  route: { caller: Caller; tenantId: string; key: string; request: FastifyRequest; reply: FastifyReply },
  command: TenantCommand,
  body: unknown,
) {
  const { caller, tenantId, key, request, reply } = route;
  const { replayed, ...changed } = await commands.execute(
    new ChangeTenant(caller, tenantId, command, key, requestFingerprint(request, body), request.id),
  );
  if (replayed) void reply.header('idempotent-replayed', 'true');
  return changed;
}
