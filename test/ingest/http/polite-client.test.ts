import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.ts';
import { DatabaseHostTurns } from '../../../src/ingest/http/host-turns.ts';
import { DEFAULT_USER_AGENT, parseRetryAfter, PoliteClient, type ClientEvent } from '../../../src/ingest/http/polite-client.ts';
import { openStore } from '../../../src/store/store.ts';
import { FakeClock } from '../../helpers/fake-clock.ts';
import { startReplayServer, type ReplayServer } from '../../helpers/replay-server.ts';

let server: ReplayServer;
let clock: FakeClock;
let events: ClientEvent[];
const client = (extra: ConstructorParameters<typeof PoliteClient>[0] = {}) =>
  new PoliteClient({ clock, onEvent: (e) => events.push(e), timeoutMs: 2000, ...extra });

beforeEach(async () => {
  server = await startReplayServer();
  clock = new FakeClock();
  events = [];
});
afterEach(async () => {
  await server.close();
});

const starts = () => events.filter((e) => e.kind === 'request').map((e) => (e as { at: number }).at);

describe('politeness', () => {
  it('spaces requests to one host at least 3 s apart, one at a time, and says who it is', async () => {
    server.route({ match: () => true, reply: { body: 'ok' } });
    const c = client();
    const bodies = await Promise.all([1, 2, 3, 4].map((i) => c.get(`${server.base}/page/${i}`)));
    expect(bodies.map((b) => b.body)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const at = starts();
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(3000);
    // served in the order asked
    expect(server.requests.map((r) => r.url)).toEqual(['/page/1', '/page/2', '/page/3', '/page/4']);
    expect(server.requests[0]!.userAgent).toBe(DEFAULT_USER_AGENT);
  });

  it('does not wait when enough time has passed since the last request', async () => {
    server.route({ match: () => true, reply: { body: 'ok' } });
    const c = client();
    await c.get(`${server.base}/a`);
    clock.advance(10_000);
    await c.get(`${server.base}/b`);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('politeness shared through the database', () => {
  it('spaces the requests of two clients sharing one database (two processes, say) 3 s apart', async () => {
    server.route({ match: () => true, reply: { body: 'ok' } });
    const store = await openStore(':memory:');
    try {
      const a = client({ turns: new DatabaseHostTurns(store.db, clock) });
      const b = client({ turns: new DatabaseHostTurns(store.db, clock) });
      await Promise.all([a.get(`${server.base}/a/1`), b.get(`${server.base}/b/1`), a.get(`${server.base}/a/2`), b.get(`${server.base}/b/2`)]);
      const at = starts().sort((x, y) => x - y);
      expect(at).toHaveLength(4);
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(3000);
    } finally {
      await store.close();
    }
  });
});

const MB = 1024 * 1024;

describe('response size limit', () => {
  it('stops reading a body as soon as it passes the limit, closes the connection and does not retry', async () => {
    server.route({ match: () => true, reply: { body: '<record>x</record>\n'.repeat(4000), repeatUpTo: 50 * MB } });
    const started = Date.now();
    const err = await client({ maxResponseBytes: 1 * MB, timeoutMs: 20_000 }).get(`${server.base}/huge`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain(`${server.base}/huge: response is larger than the 1 MB limit (PAPERBOY_MAX_RESPONSE_MB)`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'retry')).toEqual([]);
    // the server saw the client hang up long before the 50 MB were out
    await expect.poll(() => server.requests[0]!.hungUp).toBe(true);
    expect(server.requests[0]!.sent).toBeLessThan(20 * MB);
  });

  it('refuses at once a response whose Content-Length is over the limit, without waiting for its body', async () => {
    server.route({ match: () => true, reply: { headers: { 'content-length': String(300 * MB) }, headersOnly: true } });
    const started = Date.now();
    const err = await client({ maxResponseBytes: 1 * MB, timeoutMs: 2000 }).get(`${server.base}/announced`).catch((e: unknown) => e);
    expect((err as Error).message).toContain(`${server.base}/announced: response is larger than the 1 MB limit (PAPERBOY_MAX_RESPONSE_MB); it announced 314,572,800 bytes`);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('honours Retry-After on 429, then succeeds', async () => {
    server.route({ match: () => true, reply: { status: 429, headers: { 'retry-after': '17' } }, times: 1 });
    server.route({ match: () => true, reply: { body: 'done' } });
    const res = await client().get(`${server.base}/x`);
    expect(res.body).toBe('done');
    expect(events.find((e) => e.kind === 'retry')).toMatchObject({ waitMs: 17_000, reason: 'HTTP 429' });
  });

  it('backs off exponentially on 5xx and gives up after the bounded attempts with a clear error', async () => {
    server.route({ match: () => true, reply: { status: 503, body: 'busy' } });
    const err = await client({ maxAttempts: 4, backoffBaseMs: 1000 }).get(`${server.base}/x`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unavailable');
    expect((err as AppError).message).toContain('did not answer after 4 attempts (last: HTTP 503)');
    expect(events.filter((e) => e.kind === 'retry').map((e) => (e as { waitMs: number }).waitMs)).toEqual([1000, 2000, 4000]);
    expect(server.requests).toHaveLength(4);
  });

  it('retries a stalled connection after the timeout', async () => {
    server.route({ match: () => true, reply: { stall: true }, times: 1 });
    server.route({ match: () => true, reply: { body: 'late but fine' } });
    const res = await client({ timeoutMs: 200 }).get(`${server.base}/slow`);
    expect(res.body).toBe('late but fine');
    expect(events.find((e) => e.kind === 'retry')).toMatchObject({ reason: 'timed out after 200 ms' });
  });

  it('retries a connection dropped mid-body', async () => {
    server.route({ match: () => true, reply: { body: '<feed>'.repeat(1000), cutAfter: 100 }, times: 1 });
    server.route({ match: () => true, reply: { body: 'whole' } });
    expect((await client().get(`${server.base}/cut`)).body).toBe('whole');
  });

  it('refuses to wait longer than it allows, rather than hanging', async () => {
    server.route({ match: () => true, reply: { status: 429, headers: { 'retry-after': '86400' } } });
    await expect(client().get(`${server.base}/x`)).rejects.toThrow('asks us to wait 86400 s');
  });

  it('returns other client errors to the caller without retrying (arXiv explains a 400 in its body)', async () => {
    server.route({ match: () => true, reply: { status: 400, body: '<feed><entry>error</entry></feed>' } });
    const res = await client().get(`${server.base}/bad`);
    expect(res.status).toBe(400);
    expect(server.requests).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', Date.parse('Wed, 25 Nov 2026 10:00:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});
