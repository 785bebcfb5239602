import pg from 'pg';

export interface ProbeNotices {
  /** When the projector's change notice naming each probe point was heard, by the point's time. */
  readonly heardAt: ReadonlyMap<number, number>;
  stop(): Promise<void>;
}

/**
 * A LISTEN of the bench's own on the projectors' change channel, beside the query API's: for each probe
 * point, when the notice of the batch that projected it arrived. It splits a live update's time into the
 * POST, the projector's part (wake-up, batch, commit, NOTIFY) and the query API's (read, fan-out, socket).
 */
export async function listenForProbeNotices(
  databaseUrl: string,
  sourceId: string,
  sentAt: ReadonlyMap<number, number>,
): Promise<ProbeNotices> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-live-notices' });
  await client.connect();
  const heardAt = new Map<number, number>();
  client.on('notification', (notification) => {
    const at = performance.now();
    const notice = JSON.parse(notification.payload ?? '{}') as {
      projection?: string;
      sourceIds?: string[];
      from?: number;
      to?: number;
    };
    if (notice.projection !== 'timeseries' || !notice.sourceIds?.includes(sourceId)) return;
    const { from = Infinity, to = -Infinity } = notice;
    for (const t of sentAt.keys()) if (t >= from && t <= to && !heardAt.has(t)) heardAt.set(t, at);
  });
  await client.query('LISTEN chronicle_read_changes');
  return { heardAt, stop: () => client.end() };
}
