import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus metrics: Node's defaults, HTTP traffic, and what ingest accepted. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'chronicle_http_request_duration_seconds',
    help: 'HTTP requests by route and status, with their duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly pointsAccepted = new Counter({
    name: 'chronicle_points_accepted_total',
    help: 'Measurement points appended to the event store',
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'chronicle_events_appended_total',
    help: 'Events appended to the event store, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
