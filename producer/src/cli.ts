#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createProducer } from './producer.js';
import { openInput, readCsv, readNdjson } from './inputs/point-records.js';
import { simulate } from './inputs/simulated-signals.js';
import { showProgress } from './progress/progress-line.js';
import { clientCredentialsTokens } from './tokens/client-credentials-tokens.js';

const USAGE = `Usage: chronicle-producer [options] (--simulate | --input <file|->)

Sends measurements to Chronicle's command API, spooling them on disk until the API accepts them.

Connection (flags, or the environment variables in brackets):
  --api-url <url>         command API, e.g. http://127.0.0.1:4000 [CHRONICLE_API_URL]
  --issuer <url>          the tenant realm, e.g. http://127.0.0.1:8080/realms/acme
                          [CHRONICLE_ISSUER, or KEYCLOAK_URL + CHRONICLE_TENANT]
  --client-id <id>        producer client [CHRONICLE_CLIENT_ID]
  --client-secret <s>     its secret [CHRONICLE_CLIENT_SECRET]
  --spool-dir <dir>       durable spool [CHRONICLE_SPOOL_DIR, default .chronicle-spool]
  --allow-http            accept a Keycloak on plain http (local development only)

Input (one of):
  --simulate              simulated sources: --sources <n> (5), --rate <points/s each> (10),
                          --prefix <id prefix> (sim-), --seed <n> (1)
  --input <file|->        NDJSON ({"sourceId","t","v"} per line) or CSV (header sourceId,t,v);
                          --format ndjson|csv (ndjson); t is epoch ms or a time with a zone

Batching and sending:
  --batch-size <n>        points per request (500)
  --flush-ms <ms>         longest wait for a batch to fill (200)
  --max-in-flight <n>     requests on the wire at once (4)
  --drain-timeout <s>     after file input, how long to wait for the API to accept the rest (120)
  -h, --help              this help`;

function fail(message: string): never {
  console.error(`chronicle-producer: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    fail(`--${name} must be a positive number, got ${JSON.stringify(value)}`);
  return number;
}

let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>;
const OPTIONS = {
  'api-url': { type: 'string' },
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'spool-dir': { type: 'string' },
  'allow-http': { type: 'boolean' },
  simulate: { type: 'boolean' },
  sources: { type: 'string' },
  rate: { type: 'string' },
  prefix: { type: 'string' },
  seed: { type: 'string' },
  input: { type: 'string' },
  format: { type: 'string' },
  'batch-size': { type: 'string' },
  'flush-ms': { type: 'string' },
  'max-in-flight': { type: 'string' },
  'drain-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
try {
  parsed = parseArgs({ options: OPTIONS, strict: true });
} catch (error) {
  fail((error as Error).message);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const env = process.env;
const apiUrl = values['api-url'] ?? env.CHRONICLE_API_URL;
const issuer =
  values.issuer ??
  env.CHRONICLE_ISSUER ??
  (env.KEYCLOAK_URL && env.CHRONICLE_TENANT
    ? `${env.KEYCLOAK_URL.replace(/\/+$/, '')}/realms/${env.CHRONICLE_TENANT}`
    : undefined);
const clientId = values['client-id'] ?? env.CHRONICLE_CLIENT_ID;
const clientSecret = values['client-secret'] ?? env.CHRONICLE_CLIENT_SECRET;
if (!apiUrl) fail('--api-url (or CHRONICLE_API_URL) is required');
if (!issuer) fail('--issuer (or CHRONICLE_ISSUER, or KEYCLOAK_URL and CHRONICLE_TENANT) is required');
if (!clientId || !clientSecret) fail('--client-id and --client-secret (or their variables) are required');
if (values.simulate === (values.input !== undefined)) fail('give exactly one input: --simulate or --input');
const format = values.format ?? 'ndjson';
if (format !== 'ndjson' && format !== 'csv')
  fail(`--format must be ndjson or csv, got ${JSON.stringify(format)}`);

const producer = await createProducer({
  apiUrl,
  tokens: clientCredentialsTokens({
    issuer,
    clientId,
    clientSecret,
    allowHttp: values['allow-http'] === true,
  }),
  spoolDir: values['spool-dir'] ?? env.CHRONICLE_SPOOL_DIR ?? '.chronicle-spool',
  batchSize: positive('batch-size', values['batch-size'], 500),
  flushMs: positive('flush-ms', values['flush-ms'], 200),
  maxInFlight: positive('max-in-flight', values['max-in-flight'], 4),
  onSpoolError: (error) =>
    console.error(`chronicle-producer: a batch could not be spooled: ${(error as Error).message}`),
});
let inputErrors = 0;
const stopProgress = showProgress(producer.stats, () => inputErrors);
let stopping = false;
let stopInput = () => {};
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  stopInput();
  await producer.close();
  stopProgress();
  process.exit(code);
};
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

if (values.simulate) {
  const simulation = simulate(
    {
      sources: positive('sources', values.sources, 5),
      ratePerSource: positive('rate', values.rate, 10),
      prefix: values.prefix ?? 'sim-',
      seed: positive('seed', values.seed, 1),
    },
    (sourceId, t, v) => producer.record(sourceId, t, v),
  );
  stopInput = () => simulation.stop();
} else {
  const input = openInput(values.input!);
  stopInput = () => input.destroy();
  const records = format === 'csv' ? readCsv(input) : readNdjson(input);
  try {
    for await (const outcome of records) {
      if (stopping) break;
      if ('record' in outcome) producer.record(outcome.record.sourceId, outcome.record.t, outcome.record.v);
      else {
        inputErrors++;
        console.error(`chronicle-producer: line ${outcome.line}: ${outcome.error} (skipped)`);
      }
    }
  } catch (error) {
    if (!stopping) console.error(`chronicle-producer: reading the input failed: ${(error as Error).message}`);
  }
  if (!stopping) {
    const timeoutMs = positive('drain-timeout', values['drain-timeout'], 120) * 1000;
    const drained = await Promise.race([
      producer.drain().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
    ]);
    if (!drained)
      console.error('chronicle-producer: the API did not accept everything in time; the rest stays spooled');
    await shutdown(drained && inputErrors === 0 && producer.stats().rejected === 0 ? 0 : 1);
  }
}
