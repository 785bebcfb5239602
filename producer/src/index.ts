export { createProducer, type Producer, type ProducerOptions, type ProducerStats } from './producer.js';
export { FileSpool, type SpoolEntry, type SpooledEntry, type SpoolPosition } from './spool/file-spool.js';
export { Batcher, type Point } from './batching/batcher.js';
export { clientCredentialsTokens, type ClientCredentials } from './tokens/client-credentials-tokens.js';
export { fixedToken, type TokenSource } from './tokens/token-source.js';
export { seededRandom, simulate, simulatedSignal, type SignalShape } from './inputs/simulated-signals.js';
export {
  parseTimestamp,
  readCsv,
  readNdjson,
  toPointRecord,
  type PointRecord,
} from './inputs/point-records.js';
export { formatProgress } from './progress/progress-line.js';
