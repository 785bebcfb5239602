import { mkdir, open, readdir, rename, rm, writeFile, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** One request waiting to be sent: its Idempotency-Key, its JSON body and how many points it carries. */
export interface SpoolEntry {
  key: string;
  body: string;
  points: number;
}

/** Where an entry sits in the spool: the segment file and the byte offset after it. */
export interface SpoolPosition {
  segment: number;
  offset: number;
}

export interface SpooledEntry extends SpoolEntry {
  /** The position after the entry: acknowledging it acknowledges everything before. */
  end: SpoolPosition;
}

const HEADER_BYTES = 8; // payload length (u32) + crc32 of the payload (u32)
const SEGMENT_BYTES = 8 * 1024 * 1024;
const ACK_FILE = 'acked.json';

/**
 * A durable FIFO of requests on local disk: what the producer has formed but the API has not yet
 * acknowledged. Entries are appended (and fsynced) before they are sent, read back in order, and
 * acknowledged in order; fully acknowledged segment files are deleted. A record is framed by its length and
 * checksum, so a record torn by a crash is found on open and cut off (it was never acknowledged to anyone,
 * and its points are still in the input or lost with the process). Hand-written: the npm queues on disk
 * are either unmaintained or databases (LevelDB, SQLite) that would need native builds.
 */
export class FileSpool {
  private writer: FileHandle | undefined;
  private writeSegment = 0;
  private writeOffset = 0;
  private readCursor: SpoolPosition = { segment: 0, offset: 0 };
  private acked: SpoolPosition = { segment: 0, offset: 0 };
  private pendingPoints = 0;
  private pendingEntries = 0;
  private syncing: Promise<void> | undefined;
  private appendedSinceSync = false;

  private constructor(private readonly directory: string) {}

  static async open(directory: string): Promise<FileSpool> {
    await mkdir(directory, { recursive: true });
    const spool = new FileSpool(directory);
    await spool.recover();
    return spool;
  }

  /** Entries and points written but not yet acknowledged. */
  get backlog(): { entries: number; points: number } {
    return { entries: this.pendingEntries, points: this.pendingPoints };
  }

  /** Appends an entry; resolves once it is on disk (appends of the same moment share one fsync). */
  async append(entry: SpoolEntry): Promise<void> {
    if (!this.writer) throw new Error('the spool is closed');
    const payload = Buffer.from(JSON.stringify(entry));
    const record = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
    record.writeUInt32LE(payload.length, 0);
    record.writeUInt32LE(crc32(payload), 4);
    payload.copy(record, HEADER_BYTES);
    if (this.writeOffset > 0 && this.writeOffset + record.length > SEGMENT_BYTES) await this.nextSegment();
    await this.writer.write(record, 0, record.length, this.writeOffset);
    this.writeOffset += record.length;
    this.pendingEntries++;
    this.pendingPoints += entry.points;
    this.appendedSinceSync = true;
    await this.sync();
  }

  /** The next entry after the read cursor, or undefined when everything written has been read. */
  async read(): Promise<SpooledEntry | undefined> {
    for (;;) {
      const { segment, offset } = this.readCursor;
      if (segment === this.writeSegment && offset >= this.writeOffset) return undefined;
      const record = await this.readRecord(segment, offset);
      if (!record) {
        // The end of a finished segment: go on with the next.
        if (segment >= this.writeSegment) return undefined;
        this.readCursor = { segment: segment + 1, offset: 0 };
        continue;
      }
      this.readCursor = { segment, offset: offset + record.length };
      return { ...record.entry, end: this.readCursor };
    }
  }

  /** Everything up to `position` was delivered (or given up on): forget it, durably. */
  async acknowledge(position: SpoolPosition, entry: { points: number }): Promise<void> {
    this.acked = position;
    this.pendingEntries--;
    this.pendingPoints -= entry.points;
    const next = join(this.directory, `${ACK_FILE}.next`);
    await writeFile(next, JSON.stringify(position), { flush: true });
    await rename(next, join(this.directory, ACK_FILE));
    for (const segment of await this.segments()) {
      if (segment < position.segment) await rm(this.segmentPath(segment), { force: true });
    }
  }

  async close(): Promise<void> {
    await this.syncing;
    await this.writer?.close();
    this.writer = undefined;
  }

  private async sync(): Promise<void> {
    // One fsync at a time; appends made while it runs are covered by the next one.
    while (this.appendedSinceSync) {
      if (this.syncing) {
        await this.syncing;
        continue;
      }
      this.appendedSinceSync = false;
      this.syncing = this.writer!.datasync().finally(() => (this.syncing = undefined));
      await this.syncing;
    }
  }

  private async recover(): Promise<void> {
    try {
      this.acked = JSON.parse(await readFile(join(this.directory, ACK_FILE), 'utf8')) as SpoolPosition;
    } catch {
      this.acked = { segment: 0, offset: 0 };
    }
    const segments = (await this.segments()).filter((segment) => segment >= this.acked.segment);
    this.readCursor = { ...this.acked };
    this.writeSegment = segments.at(-1) ?? this.acked.segment;
    // Count the backlog and find where the last segment's intact records end.
    for (const segment of segments.length ? segments : [this.writeSegment]) {
      let offset = segment === this.acked.segment ? this.acked.offset : 0;
      for (;;) {
        const record = await this.readRecord(segment, offset);
        if (!record) break;
        this.pendingEntries++;
        this.pendingPoints += record.entry.points;
        offset += record.length;
      }
      if (segment === this.writeSegment) this.writeOffset = offset;
    }
    this.writer = await open(this.segmentPath(this.writeSegment), 'a+');
    // Cut off a torn record at the end (a crash mid-append): later appends go where it started.
    await this.writer.truncate(this.writeOffset);
    this.writer = await reopen(this.writer, this.segmentPath(this.writeSegment));
  }

  private async nextSegment(): Promise<void> {
    await this.sync();
    await this.writer!.close();
    this.writeSegment++;
    this.writeOffset = 0;
    this.writer = await open(this.segmentPath(this.writeSegment), 'w+');
  }

  /** The intact record at `offset` of `segment`, or undefined at its end (or where a torn record starts). */
  private async readRecord(
    segment: number,
    offset: number,
  ): Promise<{ entry: SpoolEntry; length: number } | undefined> {
    let file: FileHandle;
    try {
      file = await open(this.segmentPath(segment), 'r');
    } catch {
      return undefined;
    }
    try {
      const header = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await file.read(header, 0, HEADER_BYTES, offset);
      if (bytesRead < HEADER_BYTES) return undefined;
      const length = header.readUInt32LE(0);
      const payload = Buffer.alloc(length);
      const read = await file.read(payload, 0, length, offset + HEADER_BYTES);
      if (read.bytesRead < length || crc32(payload) !== header.readUInt32LE(4)) return undefined;
      return { entry: JSON.parse(payload.toString('utf8')) as SpoolEntry, length: HEADER_BYTES + length };
    } finally {
      await file.close();
    }
  }

  private async segments(): Promise<number[]> {
    return (await readdir(this.directory))
      .map((name) => /^segment-(\d+)\.log$/.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private segmentPath(segment: number): string {
    return join(this.directory, `segment-${String(segment).padStart(8, '0')}.log`);
  }
}

async function reopen(handle: FileHandle, path: string): Promise<FileHandle> {
  await handle.close();
  return open(path, 'r+');
}
