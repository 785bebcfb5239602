/**
 * Ingest benchmark: measurements end to end through HTTP with real tokens (N producers, batches of
 * points), beside the same-run limit of appending the same events straight to the event store.
 * Run: npm run bench:ingest (see bench/README.md for the environment variables).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabaseServer, openKeycloakServer } from '@chronicle/devstack';
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore, migrate } from '@chronicle/eventstore';
import { createFreshDatabase } from '../eventstore/fresh-database.js';
import { describeServer } from '../eventstore/server-info.js';
import { provisionBenchTenant } from './bench-tenant.js';
import { startCommandApiProcess } from './command-api-process.js';
import { runDirectAppends } from './direct-append.js';
import { runHttpLoad, type LoadResult } from './http-load.js';
import { makeIngestPayloads } from './ingest-payloads.js';
import { readIngestSettings } from './ingest-settings.js';

const RESULTS_FILE = fileURLToPath(new URL('../../results/ingest.json', import.meta.url));
const TARGETS = { pointsPerSecond: 200_000, httpToDirect: 0.5, p99AtHalfLoadMs: 50 };

async function main(): Promise<void> {
  const settings = readIngestSettings();
  const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const server = await openDatabaseServer();
  const keycloak = await openKeycloakServer((line) => progress(`keycloak: ${line}`));
  const database = await createFreshDatabase(server.url, 'ingest');
  const store = createEventStore({ connectionString: database.url, upcast: upcastDomainEvent });
  let api: Awaited<ReturnType<typeof startCommandApiProcess>> | undefined;
  try {
    await migrate(database.url);
    const info = await describeServer(server.url, process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded');
    progress(`PostgreSQL ${info.version}; provisioning the bench tenant`);
    const tenant = await provisionBenchTenant(
      store,
      { url: keycloak.url, username: keycloak.adminUsername, password: keycloak.adminPassword },
      { tenantId: 'ingest-bench', producers: settings.producers, sources: settings.sources },
    );
    const payloads = makeIngestPayloads(tenant.sourceIds, settings.pointsPerRequest);
    api = await startCommandApiProcess({ databaseUrl: database.url, keycloakUrl: keycloak.url });
    const load = {
      apiUrl: api.url,
      tokens: tenant.producerTokens,
      payloads,
      pointsPerRequest: settings.pointsPerRequest,
      connections: settings.producers,
    };
    await waitForTenant(api.url, tenant.producerTokens[0]!, payloads[0]!.body);

    progress(`warm-up ${settings.warmupSeconds} s`);
    await runHttpLoad({ ...load, seconds: settings.warmupSeconds });
    progress(`HTTP, as fast as it answers, ${settings.measureSeconds} s`);
    const http = await runHttpLoad({ ...load, seconds: settings.measureSeconds });
    progress(`HTTP at half that load, ${settings.measureSeconds} s`);
    const halfRate = Math.max(1, Math.round(http.requestsPerSecond / 2));
    const half = await runHttpLoad({ ...load, seconds: settings.measureSeconds, overallRate: halfRate });
    await api.stop();
    api = undefined;
    progress(`direct appends, ${settings.measureSeconds} s`);
    const direct = await runDirectAppends({
      store,
      tenantId: tenant.tenantId,
      payloads,
      pointsPerRequest: settings.pointsPerRequest,
      writers: settings.producers,
      seconds: settings.measureSeconds,
    });

    const report = {
      finishedAt: new Date().toISOString(),
      server: info,
      machine: { cpus: availableParallelism(), node: process.version },
      settings,
      http,
      halfLoad: { requestsPerSecondTarget: halfRate, ...half },
      direct,
      targets: {
        pointsPerSecond: { target: TARGETS.pointsPerSecond, value: http.pointsPerSecond },
        httpToDirect: { target: TARGETS.httpToDirect, value: http.pointsPerSecond / direct.pointsPerSecond },
        p99AtHalfLoadMs: { target: TARGETS.p99AtHalfLoadMs, value: half.p99Ms },
      },
    };
    console.log(formatReport(report));
    await mkdir(dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nResults written to ${RESULTS_FILE}`);
    if (http.failed + half.failed + direct.failed > 0) process.exitCode = 1;
  } finally {
    await api?.stop();
    await store.close();
    await database.drop();
    await keycloak.stop();
    await server.stop();
  }
}

/** The API learns of the tenant from the log: wait until its producers are let in. */
async function waitForTenant(apiUrl: string, token: string, body: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${apiUrl}/api/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `probe-${attempt}`,
      },
      body,
    });
    if (response.status === 202) return;
    if (Date.now() > deadline)
      throw new Error(`the API refuses the bench tenant: ${response.status} ${await response.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function formatReport(report: {
  server: { version: string };
  machine: { cpus: number; node: string };
  settings: ReturnType<typeof readIngestSettings>;
  http: LoadResult;
  halfLoad: LoadResult & { requestsPerSecondTarget: number };
  direct: LoadResult;
  targets: Record<string, { target: number; value: number }>;
}): string {
  const { settings, http, halfLoad, direct } = report;
  const number = (value: number) => Math.round(value).toLocaleString('en-US');
  const ms = (value: number) => value.toFixed(1);
  const rows = [
    ['HTTP POST /api/messages, full load', http],
    [`HTTP at half load (${number(halfLoad.requestsPerSecondTarget)} req/s)`, halfLoad],
    ['direct append to the event store (limit)', direct],
  ] as const;
  const lines = [
    `PostgreSQL ${report.server.version}; ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
    `${settings.producers} producers (each its own client and token), ${settings.pointsPerRequest} points per request, ` +
      `${settings.sources} sources, ${settings.measureSeconds} s per run after ${settings.warmupSeconds} s of warm-up`,
    '',
    '| path | points/s | requests/s | p50 ms | p99 ms | failed |',
    '|------|---------:|-----------:|-------:|-------:|-------:|',
    ...rows.map(
      ([label, result]) =>
        `| ${label} | ${number(result.pointsPerSecond)} | ${number(result.requestsPerSecond)} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${result.failed} |`,
    ),
    '',
    `HTTP / direct: ${(http.pointsPerSecond / direct.pointsPerSecond).toFixed(2)}`,
    '',
    'Targets',
    `  ${http.pointsPerSecond >= TARGETS.pointsPerSecond ? 'PASS' : 'FAIL'}  points/s accepted end to end >= ${number(TARGETS.pointsPerSecond)}: ${number(http.pointsPerSecond)}`,
    `  ${http.pointsPerSecond / direct.pointsPerSecond >= TARGETS.httpToDirect ? 'PASS' : 'FAIL'}  HTTP >= ${TARGETS.httpToDirect} of direct append: ${(http.pointsPerSecond / direct.pointsPerSecond).toFixed(2)}`,
    `  ${halfLoad.p99Ms <= TARGETS.p99AtHalfLoadMs ? 'PASS' : 'FAIL'}  p99 at half load <= ${TARGETS.p99AtHalfLoadMs} ms: ${ms(halfLoad.p99Ms)} ms`,
  ];
  return lines.join('\n');
}

await main();
