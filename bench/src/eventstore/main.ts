/**
 * Event store benchmark: our store against emmett-postgresql and against plain multi-row INSERTs, on the
 * same PostgreSQL, with the same event sizes and writer counts; then the readAll replay rate.
 * Run: npm run bench:eventstore (see bench/README.md for the environment variables).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDatabaseServer } from '@chronicle/devstack';
import { readSettings } from './bench-settings.js';
import { checkTargets, formatReport, type BenchReport, type WriteRow } from './bench-report.js';
import { DATA_BYTES, makePayloads } from './event-payload.js';
import { measureReadAllReplay, type ReplayMeasurement } from './read-all-replay.js';
import { describeServer } from './server-info.js';
import { measureEmmett, measureInsertLimit, measureOurs, type WriteBenchmark } from './write-benchmarks.js';
import { writeWorkloads } from './write-workload.js';

const RESULTS_FILE = fileURLToPath(new URL('../../results/eventstore.json', import.meta.url));

async function main(): Promise<void> {
  const settings = readSettings();
  const started = performance.now();
  const kind = process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded';
  const server = await openDatabaseServer();
  try {
    const info = await describeServer(server.url, kind);
    const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
    progress(`PostgreSQL ${info.version} (${kind})`);
    const payloads = makePayloads();
    const timing = { warmupMs: settings.warmupMs, measureMs: settings.measureMs };

    const writes: WriteRow[] = [];
    const writesRun = ['ours', 'emmett', 'limit'].some((part) => settings.parts.has(part as 'ours'));
    for (const workload of writesRun ? writeWorkloads(settings.batchSizes, settings.writerCounts) : []) {
      const bench: WriteBenchmark = {
        serverUrl: server.url,
        workload,
        timing,
        streamsPerWriter: settings.streamsPerWriter,
        payloads,
      };
      const row: WriteRow = { workload };
      if (settings.parts.has('ours')) {
        row.ours = await measureOurs(bench, settings.ours);
        progress(`${workload.label}: ours ${Math.round(row.ours.eventsPerSecond)} ev/s`);
      }
      if (settings.parts.has('emmett')) {
        row.emmett = await measureEmmett(bench);
        progress(`${workload.label}: emmett ${Math.round(row.emmett.eventsPerSecond)} ev/s`);
      }
      if (settings.parts.has('limit')) {
        row.limit = await measureInsertLimit(bench);
        progress(`${workload.label}: limit ${Math.round(row.limit.eventsPerSecond)} ev/s`);
      }
      writes.push(row);
    }

    let replay: ReplayMeasurement | undefined;
    if (settings.parts.has('read')) {
      progress(`readAll: writing ${settings.readEvents} events`);
      replay = await measureReadAllReplay(server.url, settings, payloads);
      for (const result of replay.results)
        progress(`${result.label}: ${Math.round(result.eventsPerSecond)} ev/s`);
    }

    const report: BenchReport = {
      finishedAt: new Date().toISOString(),
      durationSeconds: Math.round((performance.now() - started) / 1000),
      server: info,
      machine: {
        cpus: availableParallelism(),
        node: process.version,
        nodeOptions: process.env.NODE_OPTIONS ?? '',
        platform: `${process.platform}-${process.arch}`,
      },
      settings: {
        warmupSeconds: settings.warmupMs / 1000,
        measureSeconds: settings.measureMs / 1000,
        streamsPerWriter: settings.streamsPerWriter,
        dataBytesPerEvent: DATA_BYTES,
        readEvents: settings.readEvents,
        readBatchSize: settings.readBatchSize,
        readTenants: settings.readTenants,
        ourStoreOptions: settings.ours,
      },
      writes,
      ...(replay ? { replay } : {}),
      targets: checkTargets(writes, replay),
    };
    console.log(formatReport(report));
    await mkdir(dirname(RESULTS_FILE), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nResults written to ${RESULTS_FILE} (${report.durationSeconds} s)`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
