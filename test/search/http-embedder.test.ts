import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { dot, l2normalize } from '../../src/search/embedder.ts';
import { createHttpEmbedder, endpointFor, type HttpEmbedderOptions } from '../../src/search/http-embedder.ts';

const DIMS = 8;

/** the test server's deterministic, unnormalised vector for a text */
function serverVector(text: string, dims = DIMS): number[] {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return Array.from({ length: dims }, (_, k) => (((h >>> (k * 3)) & 7) - 3.5) * (k + 1));
}

const expected = (text: string): Float32Array => l2normalize(Float32Array.from(serverVector(text)));

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; input: string[] };
}

/**
 * An OpenAI-compatible embeddings server with a behaviour per path prefix:
 *   /ok        answers; data in reverse order (clients must sort by index)
 *   /flaky     429 with Retry-After: 2 for the first two requests, then answers
 *   /down      500 forever
 *   /malformed 200 with a body that is not JSON
 *   /nodata    200 with JSON lacking "data"
 *   /ragged    vectors of different lengths in one response
 *   /short     one embedding fewer than inputs
 *   /bad       400 with an OpenAI-style error body
 *   /auth      401 unless the bearer token is "sesame"
 *   /stall     never answers
 *   /stallbody sends headers and half a body, then nothing
 *   /b64       answers with base64 float32 embeddings
 *   /patient   429 with Retry-After: 3600
 */
let server: Server;
let base: string;
let seen: Seen[];
let counts: Map<string, number>;

function answer(res: ServerResponse, inputs: readonly string[], encode = (v: number[]): unknown => v): void {
  const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: encode(serverVector(text)) }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data: data.reverse(), model: 'test', usage: {} }));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const kind = path.split('/')[1] ?? '';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const body = JSON.parse(raw) as Seen['body'];
      seen.push({ path, headers: req.headers, body });
      const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      switch (kind) {
        case 'ok':
          return answer(res, body.input);
        case 'flaky':
          if (counts.get(kind)! <= 2) return json(429, { error: { message: 'slow down' } }, { 'retry-after': '2' });
          return answer(res, body.input);
        case 'down':
          return json(500, { error: 'model crashed' });
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"data": [ {"index": 0, "embedding": [1, 2');
        case 'nodata':
          return json(200, { object: 'list', embeddings: [] });
        case 'ragged':
          return json(200, { data: body.input.map((t, i) => ({ index: i, embedding: serverVector(t, i === 0 ? DIMS : DIMS - 1) })) });
        case 'short':
          return json(200, { data: body.input.slice(1).map((t, i) => ({ index: i, embedding: serverVector(t) })) });
        case 'bad':
          return json(400, { error: { message: "'input' must not contain empty strings", type: 'invalid_request_error' } });
        case 'auth':
          if (req.headers.authorization !== 'Bearer sesame') return json(401, { error: { message: 'Invalid API key' } });
          return answer(res, body.input);
        case 'stall':
          return; // never answers
        case 'stallbody':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"data": [');
          return; // and nothing more
        case 'b64':
          return answer(res, body.input, (v) => Buffer.from(Float32Array.from(v).buffer).toString('base64'));
        case 'patient':
          return json(429, { error: 'come back in an hour' }, { 'retry-after': '3600' });
        default:
          return json(404, { detail: 'Not Found' });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

let sleeps: number[];
beforeEach(() => {
  seen = [];
  counts = new Map();
  sleeps = [];
});

/** an embedder for one behaviour of the test server, with sleeps recorded instead of waited */
function embedderFor(kind: string, options: Partial<HttpEmbedderOptions> = {}) {
  return createHttpEmbedder({
    url: `${base}/${kind}`,
    model: 'test-model',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function expectSameVector(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
}

describe('endpoint URL', () => {
  it.each([
    ['http://h:11434', 'http://h:11434/v1/embeddings'],
    ['http://h:11434/', 'http://h:11434/v1/embeddings'],
    ['http://h:11434/v1', 'http://h:11434/v1/embeddings'],
    ['http://h:11434/v1/', 'http://h:11434/v1/embeddings'],
    ['https://h/v1/embeddings', 'https://h/v1/embeddings'],
    ['https://h/api/openai/v1', 'https://h/api/openai/v1/embeddings'],
    ['http://h/proxy', 'http://h/proxy/v1/embeddings'],
  ])('%s posts to %s', (url, endpoint) => {
    expect(endpointFor(url)).toBe(endpoint);
  });

  it('refuses non-http URLs as configuration errors', () => {
    expect(() => createHttpEmbedder({ url: 'ftp://h/x' })).toThrow(/must be http:\/\/ or https:\/\//);
    expect(() => createHttpEmbedder({ url: 'localhost:1234' })).toThrow(AppError);
    expect(() => createHttpEmbedder({ url: 'not a url' })).toThrow(/not a valid URL/);
  });
});

describe('embedding through a real local server', () => {
  it('sends {model, input} and returns normalised vectors in input order', async () => {
    const e = embedderFor('ok');
    const docs = [
      { title: 'Attention', abstract: 'is all you need' },
      { title: 'Protein folding', abstract: 'with deep learning' },
      { title: 'Dark matter', abstract: '' },
    ];
    const vectors = await e.embedDocuments(docs);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/ok/v1/embeddings');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.body).toEqual({ model: 'test-model', input: docs.map((d) => `${d.title}. ${d.abstract}`) });
    vectors.forEach((v, i) => {
      expectSameVector(v, expected(`${docs[i]!.title}. ${docs[i]!.abstract}`));
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    });
    expectSameVector(await e.embedQuery('graph neural networks'), expected('graph neural networks'));
  });

  it('leaves model out of the request when none is given, and names the embedder by its endpoint', async () => {
    const e = createHttpEmbedder({ url: `${base}/ok/v1` });
    await e.embedQuery('x');
    expect(seen[0]!.body).toEqual({ input: ['x'] });
    expect(e.name).toBe(`http:${base}/ok/v1/embeddings`);
    expect(embedderFor('ok').name).toBe('http:test-model');
  });

  it('splits documents into batches of batchSize', async () => {
    const e = embedderFor('ok', { batchSize: 2 });
    const docs = ['a', 'b', 'c', 'd', 'e'].map((t) => ({ title: t, abstract: t }));
    const vectors = await e.embedDocuments(docs);
    expect(seen.map((s) => s.body.input.length)).toEqual([2, 2, 1]);
    vectors.forEach((v, i) => expectSameVector(v, expected(`${docs[i]!.title}. ${docs[i]!.abstract}`)));
    expect(await e.embedDocuments([])).toEqual([]);
    expect(seen).toHaveLength(3);
  });

  it('learns the dimensions from init(), which probes once', async () => {
    const e = embedderFor('ok');
    expect(() => e.dimensions).toThrow(/not known yet: call init\(\)/);
    expect(await e.init()).toBe(e);
    expect(e.dimensions).toBe(DIMS);
    await e.init();
    expect(seen).toHaveLength(1);
  });

  it('learns the dimensions from the first embed call too', async () => {
    const e = embedderFor('ok');
    await e.embedQuery('first');
    expect(e.dimensions).toBe(DIMS);
  });

  it('takes known dimensions without a request and checks responses against them', async () => {
    const right = embedderFor('ok', { dimensions: DIMS });
    expect(right.dimensions).toBe(DIMS);
    await right.init();
    expect(seen).toHaveLength(0);

    const wrong = embedderFor('ok', { dimensions: 384 });
    const err = await failure(wrong.embedQuery('x'));
    expect(err.message).toMatch(/returned a vector of 8 numbers, expected 384/);
  });

  it('sends the API key as a bearer token', async () => {
    expect((await embedderFor('auth', { apiKey: 'sesame' }).embedQuery('x')).length).toBe(DIMS);
    expect(seen[0]!.headers.authorization).toBe('Bearer sesame');
    const err = await failure(embedderFor('auth', { apiKey: 'wrong' }).embedQuery('x'));
    expect(err.code).toBe('config');
    expect(err.message).toMatch(/HTTP 401: Invalid API key \(check the API key\)/);
    expect(seen).toHaveLength(2); // a 401 is not retried
  });

  it('reads base64 embeddings', async () => {
    expectSameVector(await embedderFor('b64').embedQuery('hello'), expected('hello'));
  });

  it('uses an injected fetch', async () => {
    let calls = 0;
    const e = embedderFor('ok', {
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    await e.embedQuery('x');
    expect(calls).toBe(1);
  });
});

describe('retries', () => {
  it('waits as Retry-After says on 429, then succeeds', async () => {
    const e = embedderFor('flaky', { retryBaseMs: 100 });
    expectSameVector(await e.embedQuery('patience'), expected('patience'));
    expect(counts.get('flaky')).toBe(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('backs off exponentially on 500 and gives up after maxAttempts with the last error', async () => {
    const e = embedderFor('down', { maxAttempts: 4, retryBaseMs: 100 });
    const err = await failure(e.embedQuery('x'));
    expect(counts.get('down')).toBe(4);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(/failed 4 times, giving up; last: HTTP 500: model crashed/);
    expect(err.message).toContain(`${base}/down/v1/embeddings`);
  });

  it('caps the back-off at maxRetryDelayMs', async () => {
    const e = embedderFor('down', { maxAttempts: 5, retryBaseMs: 100, maxRetryDelayMs: 250 });
    await failure(e.embedQuery('x'));
    expect(sleeps).toEqual([100, 200, 250, 250]);
  });

  it('fails at once when Retry-After asks for longer than maxRetryDelayMs', async () => {
    const err = await failure(embedderFor('patient').embedQuery('x'));
    expect(counts.get('patient')).toBe(1);
    expect(sleeps).toEqual([]);
    expect(err.message).toMatch(/asked to retry after 3600 s.*come back in an hour/);
  });

  it('retries a refused connection, then says it could not reach the server', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = createHttpEmbedder({ url: `http://127.0.0.1:${port}`, maxAttempts: 2, sleep: async (ms) => void sleeps.push(ms) });
    const err = await failure(e.embedQuery('x'));
    expect(err.message).toMatch(/failed 2 times, giving up; last: could not be reached: ECONNREFUSED/);
    expect(sleeps).toHaveLength(1);
  });
});

describe('timeouts', () => {
  it('gives up on a server that never answers', async () => {
    const started = Date.now();
    const err = await failure(embedderFor('stall', { timeoutMs: 100, maxAttempts: 2 }).embedQuery('x'));
    expect(err.message).toMatch(/failed 2 times, giving up; last: timed out after 100 ms/);
    expect(counts.get('stall')).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('also bounds reading a body that stops halfway', async () => {
    const err = await failure(embedderFor('stallbody', { timeoutMs: 100, maxAttempts: 1 }).embedQuery('x'));
    expect(err.message).toMatch(/failed 1 time, giving up; last: timed out after 100 ms/);
  });
});

describe('bad answers', () => {
  it('reports a 4xx with the server message, without retrying', async () => {
    const err = await failure(embedderFor('bad').embedQuery(''));
    expect(err.message).toMatch(/refused the request: HTTP 400: 'input' must not contain empty strings/);
    expect(counts.get('bad')).toBe(1);
  });

  it('reports a wrong path as a configuration error', async () => {
    const err = await failure(embedderFor('nowhere').embedQuery('x'));
    expect(err.code).toBe('config');
    expect(err.message).toMatch(/HTTP 404: Not Found \(check the URL and the model name\)/);
  });

  it('reports a body that is not JSON, without retrying', async () => {
    const err = await failure(embedderFor('malformed').embedQuery('x'));
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(/malformed response: not JSON: \{"data": \[ \{"index": 0/);
    expect(counts.get('malformed')).toBe(1);
  });

  it('reports JSON without a data array', async () => {
    expect((await failure(embedderFor('nodata').embedQuery('x'))).message).toMatch(/no "data" array/);
  });

  it('reports vectors of different lengths in one response', async () => {
    const err = await failure(embedderFor('ragged').embedDocuments([{ title: 'a', abstract: '' }, { title: 'b', abstract: '' }]));
    expect(err.message).toMatch(/returned a vector of 7 numbers, expected 8/);
  });

  it('reports fewer embeddings than inputs', async () => {
    const err = await failure(embedderFor('short').embedDocuments([{ title: 'a', abstract: '' }, { title: 'b', abstract: '' }]));
    expect(err.message).toMatch(/1 embeddings for 2 inputs/);
  });

  it('reports a vector length that changed since the dimensions were learned', async () => {
    const e = embedderFor('ragged');
    await e.embedQuery('one'); // learns 8 from a single-input response
    const err = await failure(e.embedDocuments([{ title: 'a', abstract: '' }, { title: 'b', abstract: '' }]));
    expect(err.message).toMatch(/vector of 7 numbers, expected 8 \(the dimensions of this embedder\)/);
  });
});

describe('options', () => {
  it('rejects nonsense numbers as configuration errors', () => {
    expect(() => createHttpEmbedder({ url: base, batchSize: 0 })).toThrow(/batch size must be a positive integer/);
    expect(() => createHttpEmbedder({ url: base, timeoutMs: -1 })).toThrow(/timeout/);
    expect(() => createHttpEmbedder({ url: base, maxAttempts: 1.5 })).toThrow(/max attempts/);
  });
});
