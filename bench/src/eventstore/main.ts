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
import { medianOf, writeWorkloads, type WriteMeasurement } from './write-workload.js';

const WRITE_SYSTEMS = ['ours', 'emmett', 'limit'] as const;
type WriteSystem = (typeof WRITE_SYSTEMS)[number];

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

    const measure: Record<WriteSystem, (bench: WriteBenchmark) => Promise<WriteMeasurement>> = {
      ours: (bench) => measureOurs(bench, settings.ours),
      emmett: measureEmmett,
      limit: measureInsertLimit,
    };
    const writes: WriteRow[] = [];
    const writesRun = WRITE_SYSTEMS.some((system) => settings.parts.has(system));
    for (const workload of writesRun ? writeWorkloads(settings.batchSizes, settings.writerCounts) : []) {
      const bench: WriteBenchmark = {
        serverUrl: server.url,
        workload,
        timing,
        streamsPerWriter: settings.streamsPerWriter,
        payloads,
      };
      // Rounds alternate the systems' order, so that none is always measured first or last when the
      // machine's speed drifts; each cell of the report is the median round.
      const systems = WRITE_SYSTEMS.filter((system) => settings.parts.has(system));
      const rounds = new Map<WriteSystem, WriteMeasurement[]>(systems.map((system) => [system, []]));
      for (let round = 0; round < settings.rounds; round++) {
        for (let index = 0; index < systems.length; index++) {
          const system = systems[(index + round) % systems.length]!;
          const measurement = await measure[system](bench);
          rounds.get(system)!.push(measurement);
          progress(
            `${workload.label}, round ${round + 1}/${settings.rounds}: ${system} ${Math.round(measurement.eventsPerSecond)} ev/s`,
          );
        }
      }
      const row: WriteRow = { workload };
      for (const [system, measured] of rounds) row[system] = medianOf(measured);
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
        rounds: settings.rounds,
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
