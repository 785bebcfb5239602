/**
 * A source's own events (registered, renamed, ...) and its measurements live in two streams: loading a
 * source stays cheap however much it has sent, and producers' batches never contend on the source's version.
 */
export const sourceStreamId = (sourceId: string): string => `source-${sourceId}`;

export const measurementsStreamId = (sourceId: string): string => `measurements-${sourceId}`;
