/**
 * Live benchmark: a producer's POST to the subscription message arriving, under background ingest, and
 * one query API process fanning a change out to thousands of subscriptions; each beside the floor
 * measured in the same run (NOTIFY round trip and the POST itself; a bare ws broadcast server).
 * Run: npm run bench:live (see bench/README.md for the environment variables).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabaseServer, openKeycloakServer, UI_ORIGIN } from '@chronicle/devstack';
import { upcastDomainEvent } from '@chronicle/domain';
import { createEventStore, migrate } from '@chronicle/eventstore';
import { completeInvitation, signInWithPkce } from '@chronicle/identity/testing';
import { connectKeycloakAdmin, UI_CLIENT_ID } from '@chronicle/identity';
import { migrateReadModels } from '@chronicle/projectors';
import { createFreshDatabase } from '../eventstore/fresh-database.js';
import { describeServer } from '../eventstore/server-info.js';
import { provisionBenchTenant } from '../ingest/bench-tenant.js';
import { startCommandApiProcess } from '../ingest/command-api-process.js';
import { makeIngestPayloads } from '../ingest/ingest-payloads.js';
import { percentile } from '../stats/percentile.js';
import { startBackgroundIngest } from './background-ingest.js';
import { measureBareFanOut, measureQueryApiFanOut, type FanOutResult } from './fan-out.js';
import { startLiveServices } from './live-services.js';
import { readLiveSettings, type LiveSettings } from './live-settings.js';
import { listenForProbeNotices } from './change-notices.js';
import { measureNotifyRoundTrip } from './notify-round-trip.js';
import { ProbeWriter } from './probe-writer.js';
import { connectSubscriber, subscribeToPoints } from './series-subscriber.js';

const RESULTS_FILE = fileURLToPath(new URL('../../results/live.json', import.meta.url));
const TARGETS = {
  p50Ms: 20,
  p99Ms: 100,
  fanOutSubscriptions: 10_000,
  fanOutP99Ms: 250,
  fanOutRssBytes: 1024 ** 3,
};
const POINTS_PER_REQUEST = 500;

async function main(): Promise<void> {
  const settings = readLiveSettings();
  const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const server = await openDatabaseServer();
  const keycloak = await openKeycloakServer((line) => progress(`keycloak: ${line}`));
  const database = await createFreshDatabase(server.url, 'live');
  const store = createEventStore({ connectionString: database.url, upcast: upcastDomainEvent });
  const stops: (() => Promise<void>)[] = [];
  try {
    await migrate(database.url);
    await migrateReadModels(database.url);
    const info = await describeServer(server.url, process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded');
    progress(`PostgreSQL ${info.version}; provisioning the bench tenant`);
    const login = { url: keycloak.url, username: keycloak.adminUsername, password: keycloak.adminPassword };
    const tenant = await provisionBenchTenant(store, login, {
      tenantId: 'live-bench',
      producers: 4,
      sources: 21,
      users: [{ username: 'watcher', role: 'tenant-admin' }],
      uiOrigins: [UI_ORIGIN],
    });
    const [probeSource, ...backgroundSources] = tenant.sourceIds as [string, ...string[]];
    const signIn = async () => {
      const admin = await connectKeycloakAdmin(login);
      await completeInvitation(admin, tenant.tenantId, 'watcher', 'watcher-bench-password');
      return (
        await signInWithPkce({
          keycloakUrl: keycloak.url,
          realm: tenant.tenantId,
          clientId: UI_CLIENT_ID,
          redirectUri: `${UI_ORIGIN}/callback`,
          username: 'watcher',
          password: 'watcher-bench-password',
        })
      ).token;
    };

    const api = await startCommandApiProcess({ databaseUrl: database.url, keycloakUrl: keycloak.url });
    stops.push(() => api.stop());
    const services = await startLiveServices({ databaseUrl: database.url, keycloakUrl: keycloak.url });
    stops.push(() => services.stop());
    const wsUrl = `${services.queryApiUrl.replace(/^http/, 'ws')}/graphql`;

    progress('NOTIFY round trip');
    const notify = await measureNotifyRoundTrip(server.url);

    progress(
      `latency: ${settings.latencySeconds} s under ${settings.backgroundPointsPerSecond} points/s of ingest`,
    );
    const probe = new ProbeWriter(api.url, tenant.producerTokens[0]!, probeSource);
    const latencies: number[] = [];
    // Where each probe's time went: 202 → the projector's change notice → the subscription message.
    const projectorMs: number[] = [];
    const queryApiMs: number[] = [];
    const notices = await listenForProbeNotices(database.url, probeSource, probe.sentAt);
    stops.push(() => notices.stop());
    const received = new Set<number>();
    let subscriptionErrors = 0;
    const subscriber = await connectSubscriber(wsUrl, await signIn());
    subscribeToPoints(
      subscriber,
      probeSource,
      (t) => {
        const sent = probe.sentAt.get(t);
        // A point sent again (a later change re-reading its range) counts once, at its first arrival.
        if (sent === undefined || received.has(t)) return;
        const now = performance.now();
        received.add(t);
        latencies.push(now - sent);
        const accepted = probe.acceptedAt.get(t);
        const heard = notices.heardAt.get(t);
        if (accepted !== undefined && heard !== undefined && heard >= accepted) {
          projectorMs.push(heard - accepted);
          queryApiMs.push(now - heard);
        }
      },
      () => subscriptionErrors++,
    );
    const background = startBackgroundIngest({
      apiUrl: api.url,
      tokens: tenant.producerTokens.slice(1),
      payloads: makeIngestPayloads(backgroundSources, POINTS_PER_REQUEST),
      pointsPerRequest: POINTS_PER_REQUEST,
      pointsPerSecond: settings.backgroundPointsPerSecond,
    });
    await waitFor(async () => latencies.length > 0 || (await probe.write(), false), 30_000, 'a first probe');
    latencies.length = 0;
    probe.postMs.length = 0;
    projectorMs.length = 0;
    queryApiMs.length = 0;
    const ingestStarted = { at: performance.now(), accepted: background.accepted };
    for (const end = Date.now() + settings.latencySeconds * 1000; Date.now() < end;) {
      void probe.write();
      await new Promise((resolve) => setTimeout(resolve, settings.probeIntervalMs));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const backgroundRate =
      (background.accepted - ingestStarted.accepted) / ((performance.now() - ingestStarted.at) / 1000);
    await background.stop();
    await subscriber.dispose();
    const probesSent = probe.postMs.length;
    const latency = {
      probes: probesSent,
      received: latencies.length,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      postP50Ms: percentile(probe.postMs, 0.5),
      postP99Ms: percentile(probe.postMs, 0.99),
      split: {
        probes: projectorMs.length,
        projectorP50Ms: percentile(projectorMs, 0.5),
        projectorP99Ms: percentile(projectorMs, 0.99),
        queryApiP50Ms: percentile(queryApiMs, 0.5),
        queryApiP99Ms: percentile(queryApiMs, 0.99),
      },
      backgroundPointsPerSecond: backgroundRate,
      backgroundFailed: background.failed,
      subscriptionErrors,
    };

    progress(`fan-out: ${settings.subscribers} subscriptions in one query API process`);
    const fanOutStarted = performance.now();
    const fanOutResult: FanOutResult = await measureQueryApiFanOut({
      wsUrl,
      token: await signIn(),
      probe,
      queryApiPid: services.queryApi.pid,
      subscriptions: settings.subscribers,
      subscriptionsPerSocket: settings.subscriptionsPerSocket,
      probes: settings.fanOutProbes,
      progress,
    });
    // The part of each fan-out probe's time spent before the query API heard of it (POST, projector).
    const beforeQueryApiMs = [...probe.sentAt]
      .filter(([, sent]) => sent >= fanOutStarted)
      .flatMap(([t, sent]) => {
        const heard = notices.heardAt.get(t);
        return heard === undefined ? [] : [heard - sent];
      })
      .slice(-settings.fanOutProbes);
    const fanOut = {
      ...fanOutResult,
      beforeQueryApiP50Ms: percentile(beforeQueryApiMs, 0.5),
      beforeQueryApiMaxMs: Math.max(...beforeQueryApiMs),
    };
    progress('fan-out limit: a bare ws broadcast server');
    const samplePayload = JSON.stringify({
      id: '1',
      type: 'next',
      payload: {
        data: {
          seriesUpdated: {
            gap: false,
            changes: [{ sourceId: probeSource, points: [{ t: Date.now(), value: 1 }] }],
          },
        },
      },
    });
    const bare = await measureBareFanOut({
      sockets: fanOut.sockets,
      probes: settings.fanOutProbes,
      payload: samplePayload,
    });

    const report = {
      finishedAt: new Date().toISOString(),
      server: info,
      machine: { cpus: availableParallelism(), node: process.version },
      settings,
      notify,
      latency,
      fanOut,
      bareFanOut: bare,
    };
    console.log(formatReport(report, settings));
    await mkdir(dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nResults written to ${RESULTS_FILE}`);
    if (latency.received < latency.probes || fanOut.deliveries < fanOut.expected || fanOut.errors > 0)
      process.exitCode = 1;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await store.close();
    await database.drop();
    await keycloak.stop();
    await server.stop();
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await check());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function formatReport(
  report: {
    server: { version: string };
    machine: { cpus: number; node: string };
    notify: { p50Ms: number; p99Ms: number };
    latency: {
      probes: number;
      received: number;
      p50Ms: number;
      p99Ms: number;
      postP50Ms: number;
      postP99Ms: number;
      split: {
        probes: number;
        projectorP50Ms: number;
        projectorP99Ms: number;
        queryApiP50Ms: number;
        queryApiP99Ms: number;
      };
      backgroundPointsPerSecond: number;
    };
    fanOut: FanOutResult & { beforeQueryApiP50Ms: number; beforeQueryApiMaxMs: number };
    bareFanOut: { p50Ms: number; p99Ms: number; deliveries: number; expected: number };
  },
  settings: LiveSettings,
): string {
  const { notify, latency, fanOut, bareFanOut } = report;
  const ms = (value: number) => value.toFixed(1);
  const number = (value: number) => Math.round(value).toLocaleString('en-US');
  const ok = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  const mib = (bytes: number) => `${number(bytes / 1024 ** 2)} MiB`;
  return [
    `PostgreSQL ${report.server.version}; ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
    '',
    `POST accepted → subscription message, ${latency.probes} probes (every ${settings.probeIntervalMs} ms) under ${number(latency.backgroundPointsPerSecond)} points/s of background ingest`,
    '| path | p50 ms | p99 ms |',
    '|------|-------:|-------:|',
    `| ours: POST sent → seriesUpdated message (${latency.received}/${latency.probes} received) | ${ms(latency.p50Ms)} | ${ms(latency.p99Ms)} |`,
    `| floor: the POST alone (append committed, 202) | ${ms(latency.postP50Ms)} | ${ms(latency.postP99Ms)} |`,
    `| floor: one NOTIFY round trip (a live update needs two, and a projector commit) | ${ms(notify.p50Ms)} | ${ms(notify.p99Ms)} |`,
    '',
    `Where it went (${latency.split.probes} probes; each part its own distribution, heard on a LISTEN of the bench's own)`,
    '| part | p50 ms | p99 ms |',
    '|------|-------:|-------:|',
    `| POST sent → 202 (command API, append committed) | ${ms(latency.postP50Ms)} | ${ms(latency.postP99Ms)} |`,
    `| 202 → change notice (wake-up, projector batch and commit, its NOTIFY) | ${ms(latency.split.projectorP50Ms)} | ${ms(latency.split.projectorP99Ms)} |`,
    `| change notice → message (query API read, fan-out, socket, client) | ${ms(latency.split.queryApiP50Ms)} | ${ms(latency.split.queryApiP99Ms)} |`,
    '',
    `Fan-out: ${number(fanOut.subscriptions)} subscriptions over ${number(fanOut.sockets)} sockets, ${settings.fanOutProbes} probes, one query API process`,
    '| path | delivered | p50 ms | p99 ms | RSS |',
    '|------|----------:|-------:|-------:|----:|',
    `| ours: query API (POST sent → message) | ${number(fanOut.deliveries)}/${number(fanOut.expected)} | ${ms(fanOut.p50Ms)} | ${ms(fanOut.p99Ms)} | ${mib(fanOut.residentBytes)} |`,
    `| limit: bare ws broadcast (send → message) | ${number(bareFanOut.deliveries)}/${number(bareFanOut.expected)} | ${ms(bareFanOut.p50Ms)} | ${ms(bareFanOut.p99Ms)} | - |`,
    `Of ours, before the query API heard of a probe (POST, projector), per probe: p50 ${ms(fanOut.beforeQueryApiP50Ms)} ms, max ${ms(fanOut.beforeQueryApiMaxMs)} ms`,
    '',
    'Targets',
    `  ${ok(latency.p50Ms <= TARGETS.p50Ms)}  POST-to-subscriber p50 <= ${TARGETS.p50Ms} ms: ${ms(latency.p50Ms)} ms`,
    `  ${ok(latency.p99Ms <= TARGETS.p99Ms)}  POST-to-subscriber p99 <= ${TARGETS.p99Ms} ms: ${ms(latency.p99Ms)} ms`,
    `  ${ok(latency.backgroundPointsPerSecond >= settings.backgroundPointsPerSecond * 0.95)}  background ingest >= ${number(settings.backgroundPointsPerSecond)} points/s: ${number(latency.backgroundPointsPerSecond)}`,
    `  ${ok(fanOut.subscriptions >= TARGETS.fanOutSubscriptions && fanOut.deliveries === fanOut.expected)}  ${number(TARGETS.fanOutSubscriptions)} subscriptions served, every message delivered: ${number(fanOut.subscriptions)}, ${number(fanOut.deliveries)}/${number(fanOut.expected)}`,
    `  ${ok(fanOut.p99Ms <= TARGETS.fanOutP99Ms)}  fan-out delivery p99 <= ${TARGETS.fanOutP99Ms} ms: ${ms(fanOut.p99Ms)} ms`,
    `  ${ok(fanOut.residentBytes <= TARGETS.fanOutRssBytes)}  query API RSS <= 1 GiB: ${mib(fanOut.residentBytes)}`,
  ].join('\n');
}

await main();
