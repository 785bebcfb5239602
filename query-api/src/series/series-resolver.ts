import { isValidSourceId } from '@chronicle/domain';
import { chooseResolution, readSeries, type Resolution } from '@chronicle/projectors';
import { tenantReader } from '../auth/access.js';
import { badInput, notFound } from '../graphql/errors.js';
import type { QueryResolvers } from '../graphql/schema-types.generated.js';
import { findSources } from '../sources/source-queries.js';
import { countRawPoints } from './raw-point-count.js';
import { WIDTH_MS, finestRollupFitting, resolutionName, resolutionOf } from './resolution.js';
import { seriesPoint } from './series-point.js';

export const DEFAULT_MAX_POINTS = 1_000;
/** The most values one chart may ask for. */
export const MAX_POINTS = 10_000;

export const seriesQuery: Pick<QueryResolvers, 'series'> = {
  async series(_, args, { caller, services }) {
    const reader = tenantReader(caller);
    const { sourceId, from, to } = args;
    const aggregate = args.aggregate ?? 'AVG';
    if (!isValidSourceId(sourceId)) throw badInput(`sourceId ${JSON.stringify(sourceId)} is not a source id`);
    if (from >= to) throw badInput('from must be before to');
    const budget = args.maxPoints ?? (args.resolution ? MAX_POINTS : DEFAULT_MAX_POINTS);
    if (!Number.isInteger(budget) || budget < 1 || budget > MAX_POINTS) {
      throw badInput(`maxPoints must be between 1 and ${MAX_POINTS}`);
    }
    return services.readModels.inTenant(reader.tenant, async (client) => {
      const [source] = await findSources(client, {
        tenant: reader.tenant,
        ids: [sourceId],
        owner: reader.seesAll ? null : reader.subject,
      });
      // Another tenant's source, someone else's, or none at all: the same answer, so ids cannot be probed.
      if (!source) throw notFound(`no source ${sourceId} visible to this token`);

      const rawCount = () =>
        countRawPoints(client, { tenant: reader.tenant, sourceId, from, to, limit: budget + 1 });
      let resolution: Resolution;
      if (args.resolution) {
        resolution = resolutionOf(args.resolution);
        const fits =
          resolution === 'raw'
            ? (await rawCount()) <= budget
            : Math.ceil((to - from) / WIDTH_MS[resolution]) + 1 <= budget;
        if (!fits) {
          throw badInput(
            `more than ${budget} values in this range at ${args.resolution}: narrow the range or ask for a coarser resolution`,
          );
        }
      } else {
        resolution = chooseResolution(from, to, budget);
        // chooseResolution assumes 1 Hz; a denser source gets the finest rollup that fits instead.
        if (resolution === 'raw' && (await rawCount()) > budget)
          resolution = finestRollupFitting(from, to, budget);
      }
      const points = await readSeries(client, { tenant: reader.tenant, sourceId, from, to, resolution });
      return {
        sourceId,
        resolution: resolutionName(resolution),
        aggregate,
        points: points.map((point) => seriesPoint(point, aggregate)),
      };
    });
  },
};
