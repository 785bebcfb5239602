import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSpool } from '../spool/file-spool.js';
import type { TokenSource } from '../tokens/token-source.js';
import { Sender } from './sender.js';

/** A stand-in for the command API's contract on loopback: it answers as `respond` says, keyed by Idempotency-Key. */
class FakeApi {
  readonly requests: { key: string; token: string }[] = [];
  readonly accepted = new Map<string, string>();
  private server: Server | undefined;
  port = 0;

  constructor(
    private respond: (request: {
      key: string;
      token: string;
      attempt: number;
    }) => [number, Record<string, string>?],
  ) {}

  async start(port = 0): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const key = String(request.headers['idempotency-key']);
        const token = String(request.headers.authorization).replace('Bearer ', '');
        const attempt = this.requests.filter((seen) => seen.key === key).length;
        this.requests.push({ key, token });
        const [status, headers = {}] = this.respond({ key, token, attempt });
        if (status === 202) this.accepted.set(key, body);
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify({ status }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(api: FakeApi, tokens: TokenSource = { get: async () => 't1', invalidate: () => {} }) {
  const dir = await mkdtemp(join(tmpdir(), 'sender-'));
  const spool = await FileSpool.open(dir);
  const sleeps: number[] = [];
  const rejected: number[] = [];
  const sender = new Sender({
    apiUrl: `http://127.0.0.1:${api.port}`,
    tokens,
    spool,
    maxInFlight: 2,
    rejectedFile: join(dir, 'rejected.ndjson'),
    random: () => 0.01,
    onRejected: (_, status) => rejected.push(status),
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
    },
  });
  cleanups.push(async () => {
    await sender.stop();
    await spool.close();
    await rm(dir, { recursive: true, force: true });
  });
  sender.start();
  const send = async (count: number) => {
    for (let n = 0; n < count; n++)
      await spool.append({ key: `k${n}`, body: JSON.stringify({ n }), points: 10 });
    sender.notify();
  };
  return { spool, sender, sleeps, rejected, send, dir };
}

describe('Sender', () => {
  it('delivers every entry once, acknowledging them, through 503s', async () => {
    const api = new FakeApi(({ attempt }) => (attempt < 2 ? [503] : [202]));
    await api.start();
    cleanups.push(() => api.stop());
    const { spool, sender, send } = await setUp(api);
    await send(5);
    await sender.idle();
    expect([...api.accepted.keys()].sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(api.requests).toHaveLength(15);
    expect(spool.backlog).toEqual({ entries: 0, points: 0 });
  });

  it('keeps trying while the API is down, and delivers everything once it is back', async () => {
    const api = new FakeApi(() => [202]);
    await api.start();
    const port = api.port;
    await api.stop(); // down: connections refused
    const { spool, sender, send, sleeps } = await setUp(api);
    await send(3);
    while (sleeps.length < 6) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(spool.backlog.entries).toBe(3);
    await api.start(port);
    cleanups.push(() => api.stop());
    await sender.idle();
    expect([...api.accepted.keys()].sort()).toEqual(['k0', 'k1', 'k2']);
  });

  it('waits as long as Retry-After says on 429', async () => {
    const api = new FakeApi(({ attempt }) => (attempt === 0 ? [429, { 'retry-after': '3' }] : [202]));
    await api.start();
    cleanups.push(() => api.stop());
    const { sender, send, sleeps } = await setUp(api);
    await send(1);
    await sender.idle();
    expect(sleeps).toEqual([3000]);
    expect(api.accepted.has('k0')).toBe(true);
  });

  it('sets a refused request aside in the rejected file and goes on with the next', async () => {
    const api = new FakeApi(({ key }) => (key === 'k1' ? [422] : [202]));
    await api.start();
    cleanups.push(() => api.stop());
    const { sender, send, rejected, dir, spool } = await setUp(api);
    await send(3);
    await sender.idle();
    expect(rejected).toEqual([422]);
    expect(api.requests.filter((request) => request.key === 'k1')).toHaveLength(1);
    expect([...api.accepted.keys()].sort()).toEqual(['k0', 'k2']);
    const lines = (await readFile(join(dir, 'rejected.ndjson'), 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ status: 422, key: 'k1' });
    expect(spool.backlog.entries).toBe(0);
  });

  it('gets a new token after a 401 and retries', async () => {
    let current = 'old';
    const tokens: TokenSource = { get: async () => current, invalidate: () => (current = 'new') };
    const api = new FakeApi(({ token }) => (token === 'new' ? [202] : [401]));
    await api.start();
    cleanups.push(() => api.stop());
    const { sender, send } = await setUp(api, tokens);
    await send(1);
    await sender.idle();
    expect(api.requests.map((request) => request.token)).toEqual(['old', 'new']);
  });
});
