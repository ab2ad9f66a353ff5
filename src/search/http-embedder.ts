/**
 * An Embedder that calls an OpenAI-compatible embeddings endpoint: Ollama,
 * text-embeddings-inference (TEI), vLLM, llama.cpp's server, LocalAI, or a
 * hosted API.
 *
 * URL: the server's base URL, with or without the /v1 suffix, or the full
 * endpoint; all of these call POST http://host:11434/v1/embeddings:
 *   http://host:11434   http://host:11434/v1   http://host:11434/v1/embeddings
 * (a path that already ends in /embeddings is used as is, so servers that
 * mount the API elsewhere work too).
 *
 * Request:  {"model": MODEL, "input": ["text", ...]}  (model left out when not given;
 *           TEI ignores it, Ollama and vLLM need it), `Authorization: Bearer KEY`
 *           when an API key is given.
 * Response: {"data": [{"index": i, "embedding": [numbers] | "base64 float32"}, ...]};
 *           vectors are put in input order by `index` and L2-normalised.
 *
 * Dimensions: the endpoint says, not us. `dimensions` is known
 *  - from options.dimensions (then every response is checked against it), or
 *  - after `await embedder.init()`, which embeds one probe text, or
 *  - after the first successful embed call.
 * Reading `dimensions` before any of these throws an AppError('config'). Code
 * that needs the number up front writes `await createHttpEmbedder(o).init()`.
 *
 * Failures: 429, 408 and 5xx answers, refused connections and timeouts are
 * retried up to maxAttempts in all, waiting retryBaseMs, 2×, 4×… (capped by
 * maxRetryDelayMs) or what the server's Retry-After says; a Retry-After longer
 * than maxRetryDelayMs fails at once rather than hang a request. Other 4xx
 * answers fail at once with the server's own message (401/403/404/413 as
 * 'config' errors: wrong key, URL, model or batch size). A malformed body or
 * vectors of the wrong length fail at once as 'internal' errors. timeoutMs
 * bounds each attempt, reading the body included.
 *
 * Throughput knobs: batchSize (inputs per request, default 32, which is TEI's
 * default max client batch), requests go one at a time.
 */
import { AppError } from '../domain/errors.ts';
import { l2normalize, type Embedder, type EmbeddingInput } from './embedder.ts';
import { documentText } from './onnx-embedder.ts';

export interface HttpEmbedderOptions {
  /** base URL (with or without /v1) or the full …/embeddings URL; http or https */
  readonly url: string;
  /** the `model` field of each request; also names the embedder */
  readonly model?: string;
  readonly apiKey?: string;
  /** inputs per request; default 32 */
  readonly batchSize?: number;
  /** per attempt, body included; default 30 000 */
  readonly timeoutMs?: number;
  /** tries per request, the first included; default 5 */
  readonly maxAttempts?: number;
  /** first back-off wait, doubled each retry; default 500 */
  readonly retryBaseMs?: number;
  /** longest wait between tries (also the most of a Retry-After we honour); default 30 000 */
  readonly maxRetryDelayMs?: number;
  /** the expected vector length, when known; otherwise learned from the first response */
  readonly dimensions?: number;
  /** for tests: replaces global fetch */
  readonly fetch?: typeof fetch;
  /** for tests: replaces the back-off wait */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface HttpEmbedder extends Embedder {
  /** the URL requests go to */
  readonly endpoint: string;
  /** embeds a probe text once to learn `dimensions` (no request when already known); returns this embedder */
  init(): Promise<HttpEmbedder>;
}

const PROBE = 'dimension probe';

export function createHttpEmbedder(options: HttpEmbedderOptions): HttpEmbedder {
  const endpoint = endpointFor(options.url);
  const model = options.model?.trim() || undefined;
  const batchSize = positiveInteger(options.batchSize ?? 32, 'batch size');
  const timeoutMs = positiveInteger(options.timeoutMs ?? 30_000, 'timeout');
  const maxAttempts = positiveInteger(options.maxAttempts ?? 5, 'max attempts');
  const retryBaseMs = nonNegative(options.retryBaseMs ?? 500, 'retry base delay');
  const maxRetryDelayMs = nonNegative(options.maxRetryDelayMs ?? 30_000, 'max retry delay');
  const fetchFn = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let dimensions: number | undefined =
    options.dimensions === undefined ? undefined : positiveInteger(options.dimensions, 'dimensions');
  const where = `embedding endpoint ${endpoint}`;

  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  /** one attempt's failure that another attempt may cure */
  class Retryable {
    constructor(
      readonly reason: string,
      readonly retryAfterMs?: number,
    ) {}
  }

  const attempt = async (body: string): Promise<{ status: number; text: string; retryAfter: string | null }> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetchFn(endpoint, { method: 'POST', headers, body, signal: controller.signal });
      const text = await res.text();
      return { status: res.status, text, retryAfter: res.headers.get('retry-after') };
    } catch (err) {
      if (controller.signal.aborted) throw new Retryable(`timed out after ${timeoutMs} ms`);
      throw new Retryable(`could not be reached: ${causeOf(err)}`);
    } finally {
      clearTimeout(timer);
    }
  };

  const request = async (inputs: readonly string[]): Promise<Float32Array[]> => {
    const body = JSON.stringify(model === undefined ? { input: inputs } : { model, input: inputs });
    for (let n = 1; ; n++) {
      let failure: Retryable;
      try {
        const res = await attempt(body);
        if (res.status >= 200 && res.status < 300) return parseEmbeddings(res.text, inputs.length);
        const message = `HTTP ${res.status}: ${errorMessage(res.text)}`;
        if (res.status !== 429 && res.status !== 408 && res.status < 500) {
          const code = [401, 403, 404, 413].includes(res.status) ? 'config' : 'internal';
          const hint =
            res.status === 413 ? ' (try a smaller batch size)'
            : res.status === 401 || res.status === 403 ? ' (check the API key)'
            : res.status === 404 ? ' (check the URL and the model name)'
            : '';
          throw new AppError(code, `${where} refused the request: ${message}${hint}`);
        }
        failure = new Retryable(message, parseRetryAfter(res.retryAfter));
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        failure = err;
      }
      if (n >= maxAttempts) {
        throw new AppError('internal', `${where} failed ${n} time${n === 1 ? '' : 's'}, giving up; last: ${failure.reason}`);
      }
      const wait = failure.retryAfterMs ?? Math.min(maxRetryDelayMs, retryBaseMs * 2 ** (n - 1));
      if (wait > maxRetryDelayMs) {
        throw new AppError(
          'internal',
          `${where} asked to retry after ${Math.ceil(wait / 1000)} s, longer than the ${maxRetryDelayMs} ms allowed; last: ${failure.reason}`,
        );
      }
      await sleep(wait);
    }
  };

  const parseEmbeddings = (text: string, expected: number): Float32Array[] => {
    const malformed = (why: string): AppError =>
      new AppError('internal', `${where} returned a malformed response: ${why}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformed(`not JSON: ${snippet(text)}`);
    }
    const data = (json as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) throw malformed(`no "data" array in ${snippet(text)}`);
    if (data.length !== expected) throw malformed(`${data.length} embeddings for ${expected} inputs`);
    const out = new Array<Float32Array | undefined>(expected);
    data.forEach((item: unknown, position) => {
      const { index = position, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= expected) {
        throw malformed(`data[${position}].index is ${JSON.stringify(index)}, expected 0..${expected - 1}`);
      }
      if (out[index]) throw malformed(`index ${index} appears twice`);
      const vector = toVector(embedding);
      if (!vector) throw malformed(`data[${position}].embedding is not an array of numbers`);
      const want = dimensions ?? out.find((v) => v)?.length;
      if (vector.length === 0 || (want !== undefined && vector.length !== want)) {
        throw new AppError(
          'internal',
          `${where} returned a vector of ${vector.length} numbers, expected ${want ?? 'more than 0'}` +
            (dimensions !== undefined ? ' (the dimensions of this embedder)' : ''),
        );
      }
      out[index] = l2normalize(vector);
    });
    const vectors = out as Float32Array[];
    dimensions ??= vectors[0]?.length;
    return vectors;
  };

  const embedTexts = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      out.push(...(await request(texts.slice(start, start + batchSize))));
    }
    return out;
  };

  const embedder: HttpEmbedder = {
    name: `http:${model ?? endpoint}`,
    endpoint,
    get dimensions(): number {
      if (dimensions === undefined) {
        throw new AppError(
          'config',
          `the dimensions of ${where} are not known yet: call init() (or embed something) first, or set them in the options`,
        );
      }
      return dimensions;
    },
    async init(): Promise<HttpEmbedder> {
      if (dimensions === undefined) await embedTexts([PROBE]);
      return embedder;
    },
    async embedDocuments(docs: readonly EmbeddingInput[]): Promise<Float32Array[]> {
      return embedTexts(docs.map(documentText));
    },
    async embedQuery(query: string): Promise<Float32Array> {
      return (await embedTexts([query]))[0]!;
    },
  };
  return embedder;
}

/** the POST URL for a base URL: see the header comment */
export function endpointFor(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError('config', `embedding endpoint URL "${url}" is not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AppError('config', `embedding endpoint URL "${url}" must be http:// or https://`);
  }
  u.hash = '';
  const path = u.pathname.replace(/\/+$/, '');
  u.pathname = /\/embeddings$/.test(path) ? path : /\/v1$/.test(path) ? `${path}/embeddings` : `${path}/v1/embeddings`;
  return u.href;
}

/** Retry-After is seconds or an HTTP date */
function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function toVector(embedding: unknown): Float32Array | undefined {
  if (Array.isArray(embedding)) {
    if (!embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
    return Float32Array.from(embedding as number[]);
  }
  if (typeof embedding === 'string') {
    // encoding_format "base64": little-endian float32
    const bytes = Buffer.from(embedding, 'base64');
    if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
    const v = new Float32Array(bytes.length / 4);
    for (let i = 0; i < v.length; i++) v[i] = bytes.readFloatLE(i * 4);
    return v.every(Number.isFinite) ? v : undefined;
  }
  return undefined;
}

/** the server's own words: OpenAI {error:{message}}, TEI {error}, FastAPI {detail}, or the text */
function errorMessage(text: string): string {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const error = json.error as { message?: unknown } | string | undefined;
    const candidates = [
      typeof error === 'object' ? error?.message : error,
      json.message,
      typeof json.detail === 'string' ? json.detail : json.detail && JSON.stringify(json.detail),
    ];
    const found = candidates.find((c) => typeof c === 'string' && c.trim() !== '');
    if (typeof found === 'string') return snippet(found);
  } catch {
    // not JSON: the text itself
  }
  return snippet(text) || '(empty body)';
}

function snippet(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

function positiveInteger(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new AppError('config', `HTTP embedder ${what} must be a positive integer, got ${n}`);
  return n;
}

function nonNegative(n: number, what: string): number {
  if (!Number.isFinite(n) || n < 0) throw new AppError('config', `HTTP embedder ${what} must be a number of at least 0, got ${n}`);
  return n;
}
