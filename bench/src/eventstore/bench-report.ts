import { EVENT_STORE_DEFAULTS } from '@chronicle/eventstore';
import type { BenchSettings, OurStoreOptions } from './bench-settings.js';
import type { ReplayMeasurement } from './read-all-replay.js';
import type { ServerInfo } from './server-info.js';
import type { MedianMeasurement, WriteMeasurement, WriteWorkload } from './write-workload.js';

/** The store options that shape the write path, printed with every report. */
const WRITE_OPTIONS: readonly (keyof OurStoreOptions)[] = [
  'poolSize',
  'maxAppendsInFlight',
  'maxEventsPerCommit',
  'minEventsPerShare',
];

export interface WriteRow {
  workload: WriteWorkload;
  ours?: MedianMeasurement;
  emmett?: MedianMeasurement;
  limit?: MedianMeasurement;
}

export interface TargetCheck {
  target: string;
  actual: string;
  /** Null when a workload it needs was not run. */
  pass: boolean | null;
}

export interface BenchReport {
  finishedAt: string;
  durationSeconds: number;
  server: ServerInfo;
  /** nodeOptions: NODE_OPTIONS as the run had it (the repository's .npmrc sets the young generation's size). */
  machine: { cpus: number; node: string; nodeOptions: string; platform: string };
  settings: {
    warmupSeconds: number;
    measureSeconds: number;
    rounds: number;
    streamsPerWriter: number;
    dataBytesPerEvent: number;
    readEvents: number;
    readBatchSize: number;
    readTenants: number;
    ourStoreOptions: BenchSettings['ours'];
  };
  writes: WriteRow[];
  replay?: ReplayMeasurement;
  targets: TargetCheck[];
}

const REPLAY_TARGET = 200_000;

export function checkTargets(
  writes: readonly WriteRow[],
  replay: ReplayMeasurement | undefined,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of writes.filter((each) => each.workload.eventsPerAppend === 100)) {
    const { writers } = row.workload;
    const ratio = row.ours && row.limit ? row.ours.eventsPerSecond / row.limit.eventsPerSecond : undefined;
    checks.push({
      target: `100-event appends, ${writers} writer${writers === 1 ? '' : 's'} >= 50% of plain INSERT (100 rows/INSERT, ${writers} client${writers === 1 ? '' : 's'})`,
      actual: ratio === undefined ? 'not measured' : `${(ratio * 100).toFixed(0)}%`,
      pass: ratio === undefined ? null : ratio >= 0.5,
    });
  }
  const oneByEight = writes.find((row) => row.workload.eventsPerAppend === 1 && row.workload.writers === 8);
  const [ours, emmett] = [oneByEight?.ours, oneByEight?.emmett];
  const target = '1-event appends, 8 writers >= 3x emmett';
  if (ours && emmett) {
    const ratio = ours.eventsPerSecond / emmett.eventsPerSecond;
    checks.push({ target, actual: `${ratio.toFixed(2)}x${roundRatios(ours, emmett)}`, pass: ratio >= 3 });
  } else {
    checks.push({ target, actual: 'not measured', pass: null });
  }
  const replays = replay?.results ?? [];
  if (replays.length === 0) {
    checks.push({
      target: `readAll >= ${formatRate(REPLAY_TARGET)} ev/s`,
      actual: 'not measured',
      pass: null,
    });
  }
  for (const result of replays) {
    checks.push({
      target: `${result.label.replace(/ \(.*\)$/, '')} >= ${formatRate(REPLAY_TARGET)} ev/s`,
      actual: `${formatRate(result.eventsPerSecond)} ev/s`,
      pass: result.eventsPerSecond >= REPLAY_TARGET,
    });
  }
  return checks;
}

/**
 * Each round's own ratio. A round measures both systems within half a minute, so its ratio does not move
 * with the machine's speed drifting between rounds, and a verdict that one round carries shows as such.
 */
function roundRatios(ours: MedianMeasurement, peer: MedianMeasurement): string {
  if (ours.rounds.length < 2 || ours.rounds.length !== peer.rounds.length) return '';
  const ratios = ours.rounds.map((rate, round) => `${(rate / peer.rounds[round]!).toFixed(2)}x`);
  return ` (rounds ${ratios.join(' / ')})`;
}

export function formatReport(report: BenchReport): string {
  const { server, settings } = report;
  const lines: string[] = [];
  const where = server.kind === 'embedded' ? 'embedded (started by devstack)' : 'DATABASE_URL';
  lines.push(`PostgreSQL ${server.version}, ${where}, ${server.address}`);
  lines.push(
    `  ${Object.entries(server.settings)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}`,
  );
  lines.push(
    `Machine: ${report.machine.cpus} CPUs, Node ${report.machine.node} (NODE_OPTIONS ${report.machine.nodeOptions || 'unset'}); ` +
      `${settings.dataBytesPerEvent} B JSON data per event; ` +
      `${settings.streamsPerWriter} streams per writer; ${settings.warmupSeconds} s warm-up + ${settings.measureSeconds} s per write workload, ` +
      `median of ${settings.rounds} round${settings.rounds === 1 ? '' : 's'}`,
  );
  const given: OurStoreOptions = settings.ourStoreOptions;
  const options = WRITE_OPTIONS.map((name) =>
    given[name] === undefined ? `${name} ${EVENT_STORE_DEFAULTS[name]}` : `${name} ${given[name]} (set)`,
  );
  lines.push(`Our store options: ${options.join(', ')}`);
  lines.push('');

  const table: string[][] = [
    ['workload', 'ours ev/s', 'emmett ev/s', 'limit ev/s', 'ours/emmett', 'ours/limit'],
  ];
  for (const row of report.writes) {
    table.push([
      row.workload.label,
      rate(row.ours),
      rate(row.emmett),
      rate(row.limit),
      ratio(row.ours?.eventsPerSecond, row.emmett?.eventsPerSecond),
      ratio(row.ours?.eventsPerSecond, row.limit?.eventsPerSecond),
    ]);
  }
  lines.push(...markdownTable(table));
  lines.push('');
  lines.push(
    'Limit: one multi-row INSERT (as many rows as the append has events) per transaction into a bare table',
  );
  lines.push(
    '(the columns and sizes of our stored events, every value from the client), no index; one pg connection per writer.',
  );
  if (settings.rounds > 1) {
    lines.push('');
    lines.push(
      `Each cell is the median of ${settings.rounds} rounds; a round measures the systems one after another, in an order that rotates:`,
    );
    const rounds: string[][] = [['workload', 'ours rounds', 'emmett rounds', 'limit rounds']];
    for (const row of report.writes) {
      rounds.push([row.workload.label, roundsOf(row.ours), roundsOf(row.emmett), roundsOf(row.limit)]);
    }
    lines.push(...markdownTable(rounds));
  }
  if (report.replay) {
    lines.push('');
    const replay: string[][] = [
      ['replay', 'ours ev/s', 'plain SELECT ev/s', 'server COPY ev/s', 'ours/plain', 'ours/server'],
    ];
    for (const result of report.replay.results) {
      replay.push([
        result.label,
        formatRate(result.eventsPerSecond),
        formatRate(result.plainEventsPerSecond),
        formatRate(result.serverEventsPerSecond),
        ratio(result.eventsPerSecond, result.plainEventsPerSecond),
        ratio(result.eventsPerSecond, result.serverEventsPerSecond),
      ]);
    }
    lines.push(...markdownTable(replay));
    lines.push('');
    lines.push(
      'plain SELECT: the same keyset batches through pg (admin, no RLS, default parsers). server COPY: the same',
    );
    lines.push(
      'rows and columns written out by one PostgreSQL backend (COPY TO STDOUT, binary, as readAll reads them) and',
    );
    lines.push(
      'dropped unparsed: what a reader could get at most. Both plan with random_page_cost 1.1, as our event reads do.',
    );
    lines.push(
      `readAll: log of ${report.replay.written} events filled by our append (8 writers, 100 ev/append) at ` +
        `${formatRate(report.replay.fillEventsPerSecond)} ev/s over ${settings.readTenants} tenants; ` +
        `batchSize ${settings.readBatchSize}; median of 3 passes after one warm-up pass.`,
    );
  }
  lines.push('');
  lines.push('Targets');
  for (const check of report.targets) {
    const verdict = check.pass === null ? 'n/a ' : check.pass ? 'PASS' : 'FAIL';
    lines.push(`  ${verdict}  ${check.target}: ${check.actual}`);
  }
  lines.push('');
  lines.push('Server-side, per event written (warm-up included): commits/event, WAL bytes/event');
  const costs: string[][] = [['workload', 'ours', 'emmett', 'limit']];
  for (const row of report.writes) {
    costs.push([row.workload.label, cost(row.ours), cost(row.emmett), cost(row.limit)]);
  }
  lines.push(...markdownTable(costs));
  return lines.join('\n');
}

function rate(measurement: WriteMeasurement | undefined): string {
  return measurement ? formatRate(measurement.eventsPerSecond) : '-';
}

function roundsOf(measurement: MedianMeasurement | undefined): string {
  return measurement ? measurement.rounds.map(formatRate).join(' / ') : '-';
}

function cost(measurement: WriteMeasurement | undefined): string {
  if (!measurement) return '-';
  return `${measurement.commitsPerEvent.toFixed(3)} commits, ${Math.round(measurement.walBytesPerEvent)} B WAL`;
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}`;
}

function formatRate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function markdownTable(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const format = (row: readonly string[]) =>
    `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [format(rows[0]!), rule, ...rows.slice(1).map(format)];
}
