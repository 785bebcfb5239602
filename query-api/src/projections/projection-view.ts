import type { BuildStage as BuildStageName, ProjectionStatus } from '@chronicle/projectors';
import type {
  BuildStage,
  Projection,
  ProjectionStatus as ProjectionStatusName,
} from '../graphql/schema-types.generated.js';

const STAGES: Record<BuildStageName, BuildStage> = {
  replaying: 'REPLAYING',
  units: 'UNITS',
  'catching-up': 'CATCHING_UP',
};

const STATUSES: Record<string, ProjectionStatusName> = {
  requested: 'REQUESTED',
  building: 'BUILDING',
  live: 'LIVE',
  retired: 'RETIRED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
};

/** A projection build as ops see it: where it stands, how far behind the log, how far a rebuild is. */
export function projectionView(status: ProjectionStatus): Projection {
  const lag = status.head > status.position ? status.head - status.position : 0n;
  // Basis points in bigint arithmetic, so positions beyond 2^53 still divide exactly enough.
  const progress =
    status.head === 0n ? 1 : Math.min(1, Number((status.position * 10_000n) / status.head) / 10_000);
  return {
    name: status.name,
    version: status.version,
    generation: status.generation,
    status: STATUSES[status.status] ?? 'FAILED',
    position: status.position,
    head: status.head,
    lag,
    eventsApplied: BigInt(status.eventsApplied),
    // A rebuild not taken up yet has replayed nothing, whatever an empty log would say.
    progress: status.status === 'requested' ? 0 : progress,
    stage: status.stage ? STAGES[status.stage] : null,
    bulk: status.bulk
      ? {
          unitsBuilt: status.bulk.built,
          units: status.bulk.units,
          pointsBuilt: BigInt(status.bulk.pointsBuilt),
          points: BigInt(status.bulk.points),
        }
      : null,
    error: status.error,
    requestedBy: status.requestedBy,
    cancelledBy: status.cancelledBy,
    startedAt: status.startedAt,
    switchedAt: status.switchedAt,
    updatedAt: status.updatedAt,
  };
}
