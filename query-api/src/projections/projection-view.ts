import type { ProjectionStatus } from '@chronicle/projectors';
import type {
  Projection,
  ProjectionStatus as ProjectionStatusName,
} from '../graphql/schema-types.generated.js';

const STATUSES: Record<string, ProjectionStatusName> = {
  building: 'BUILDING',
  live: 'LIVE',
  retired: 'RETIRED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
};

/** A projection version as ops see it: where it stands, how far behind the log, how far a rebuild is. */
export function projectionView(status: ProjectionStatus): Projection {
  const lag = status.head > status.position ? status.head - status.position : 0n;
  // Basis points in bigint arithmetic, so positions beyond 2^53 still divide exactly enough.
  const progress =
    status.head === 0n ? 1 : Math.min(1, Number((status.position * 10_000n) / status.head) / 10_000);
  return {
    name: status.name,
    version: status.version,
    status: STATUSES[status.status] ?? 'FAILED',
    position: status.position,
    head: status.head,
    lag,
    eventsApplied: BigInt(status.eventsApplied),
    progress,
    error: status.error,
    startedAt: status.startedAt,
    updatedAt: status.updatedAt,
  };
}
