/**
 * What the projector runner NOTIFYs on `chronicle_read_changes` after a commit (projectors'
 * change-notifier): per tenant, the sources a batch changed and the span of measurement time it touched;
 * or that a new projection version went live. Only a hint of where to look: the data is read from the
 * read models.
 */
export type ChangeNotice =
  | {
      kind: 'change';
      projection: string;
      tenant: string;
      sourceIds: string[];
      from?: number;
      to?: number;
    }
  | { kind: 'switch'; projection: string; version: number };

/** The notice a payload carries, or undefined for one this code does not know (it is ignored). */
export function parseChangeNotice(payload: unknown): ChangeNotice | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { projection, tenant, sourceIds, from, to, switchedTo } = payload as Record<string, unknown>;
  if (typeof projection !== 'string') return undefined;
  if (typeof switchedTo === 'number') return { kind: 'switch', projection, version: switchedTo };
  if (typeof tenant !== 'string' || !Array.isArray(sourceIds)) return undefined;
  if (!sourceIds.every((id): id is string => typeof id === 'string')) return undefined;
  const span =
    typeof from === 'number' && typeof to === 'number' && Number.isFinite(from) && Number.isFinite(to)
      ? { from, to }
      : {};
  return { kind: 'change', projection, tenant, sourceIds, ...span };
}
