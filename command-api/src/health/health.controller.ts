import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { EventStore } from '@chronicle/eventstore';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE } from '../app/injection-tokens.js';
import { Public } from '../auth/access.decorator.js';
import { Metrics } from '../observability/metrics.js';

const READINESS_TIMEOUT_MS = 2_000;

/** Probes for Kubernetes and Prometheus: liveness, readiness (database reachable, schema current), metrics. */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {}

  /** The process answers: nothing else is checked, so a database outage never restarts the pods. */
  @Public()
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Public()
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const pending = await withTimeout(this.store.pendingMigrations(), READINESS_TIMEOUT_MS);
      if (pending.length === 0) return { status: 'ready' };
      void reply.status(503);
      return { status: 'not_ready', reason: 'migrations pending', pendingMigrations: pending };
    } catch (error) {
      void reply.status(503);
      return { status: 'not_ready', reason: `database unreachable: ${(error as Error).message}` };
    }
  }

  @Public()
  @Get('metrics')
  async prometheus(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
