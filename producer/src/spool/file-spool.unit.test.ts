import { mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSpool, type SpooledEntry } from './file-spool.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function spoolDir() {
  const dir = await mkdtemp(join(tmpdir(), 'spool-'));
  dirs.push(dir);
  return dir;
}
const entry = (n: number) => ({ key: `key-${n}`, body: JSON.stringify({ n }), points: n });

async function readAll(spool: FileSpool): Promise<SpooledEntry[]> {
  const entries: SpooledEntry[] = [];
  for (let next = await spool.read(); next; next = await spool.read()) entries.push(next);
  return entries;
}

describe('FileSpool', () => {
  it('reads entries back in order and counts the backlog until they are acknowledged', async () => {
    const spool = await FileSpool.open(await spoolDir());
    for (const n of [1, 2, 3]) await spool.append(entry(n));
    expect(spool.backlog).toEqual({ entries: 3, points: 6 });
    const read = await readAll(spool);
    expect(read.map((e) => e.key)).toEqual(['key-1', 'key-2', 'key-3']);
    await spool.acknowledge(read[0]!.end, read[0]!);
    expect(spool.backlog).toEqual({ entries: 2, points: 5 });
    await spool.close();
  });

  it('after a restart, resends from the oldest unacknowledged entry', async () => {
    const dir = await spoolDir();
    const first = await FileSpool.open(dir);
    for (const n of [1, 2, 3, 4]) await first.append(entry(n));
    const read = await readAll(first);
    await first.acknowledge(read[1]!.end, read[1]!); // 1 and 2 delivered
    await first.close();
    const second = await FileSpool.open(dir);
    expect(second.backlog).toEqual({ entries: 2, points: 7 });
    expect((await readAll(second)).map((e) => e.key)).toEqual(['key-3', 'key-4']);
    await second.append(entry(5));
    expect((await readAll(second)).map((e) => e.key)).toEqual(['key-5']);
    await second.close();
  });

  it('cuts off a record torn by a crash, and appends after the last intact one', async () => {
    const dir = await spoolDir();
    const spool = await FileSpool.open(dir);
    await spool.append(entry(1));
    await spool.append(entry(2));
    await spool.close();
    const [segment] = (await readdir(dir)).filter((name) => name.startsWith('segment-'));
    const path = join(dir, segment!);
    await truncate(path, (await stat(path)).size - 3); // the crash hit mid-write of entry 2
    const reopened = await FileSpool.open(dir);
    expect(reopened.backlog).toEqual({ entries: 1, points: 1 });
    await reopened.append(entry(3));
    expect((await readAll(reopened)).map((e) => e.key)).toEqual(['key-1', 'key-3']);
    await reopened.close();
  });

  it('spreads a long backlog over segment files and deletes them once acknowledged', async () => {
    const dir = await spoolDir();
    const spool = await FileSpool.open(dir);
    const big = 'x'.repeat(1024 * 1024);
    for (let n = 0; n < 20; n++) await spool.append({ key: `k${n}`, body: big, points: 1 });
    const segments = (await readdir(dir)).filter((name) => name.startsWith('segment-'));
    expect(segments.length).toBeGreaterThan(1);
    const read = await readAll(spool);
    expect(read).toHaveLength(20);
    await spool.acknowledge(read.at(-1)!.end, read.at(-1)!);
    expect((await readdir(dir)).filter((name) => name.startsWith('segment-'))).toHaveLength(1);
    await spool.close();
  });
});
