/**
 * The text that chooses an embedder (PAPERBOY_EMBEDDER), parsed:
 *
 *   builtin                          the built-in embedder learned from this instance's corpus
 *   onnx:DIR                         a local ONNX sentence-embedding model directory
 *                                    (DIR as written: relative paths are the caller's to resolve)
 *   http:URL                         an OpenAI-compatible embeddings endpoint, URL http:// or https://
 *   http:URL#model=NAME              ... and the model name to send (Ollama and vLLM need one;
 *                                    TEI ignores it). The fragment never reaches the server.
 *   http://…  or  https://…          shorthand for http:http://… / http:https://…
 *
 * URL is the server's base URL, with or without a trailing /v1 (or the full
 * …/v1/embeddings): see http-embedder.ts. Examples:
 *   http:http://localhost:11434#model=nomic-embed-text     (Ollama)
 *   http:http://127.0.0.1:8080                              (text-embeddings-inference)
 *   https://api.openai.com/v1#model=text-embedding-3-small
 *
 * An API key does not belong in the spec (it would end up in logs and in the
 * embedder's name); pass it to createHttpEmbedder from its own setting.
 */
import { resolve as resolvePath } from 'node:path';
import { AppError } from '../domain/errors.ts';
import type { Embedder } from './embedder.ts';
import { createHttpEmbedder, type HttpEmbedderOptions } from './http-embedder.ts';
import { loadOnnxEmbedder, type OnnxEmbedderOptions } from './onnx-embedder.ts';

export type EmbedderSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'builtin' }
  | { readonly kind: 'onnx'; readonly dir: string }
  | { readonly kind: 'http'; readonly url: string; readonly model?: string };

const FORMS = 'builtin, onnx:DIR, http:URL[#model=NAME] or none';

const bad = (text: string, why: string): AppError =>
  new AppError('config', `embedder "${text}" ${why} (expected ${FORMS})`);

export function parseEmbedderSpec(text: string): EmbedderSpec {
  const spec = text.trim();
  if (spec === '') throw bad(text, 'is empty');
  if (spec.toLowerCase() === 'builtin') return { kind: 'builtin' };
  // words only: no semantic index at all
  if (spec.toLowerCase() === 'none') return { kind: 'none' };

  // a bare URL is the http kind
  if (/^https?:\/\//i.test(spec)) return parseHttp(text, spec);

  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? '' : spec.slice(colon + 1).trim();
  switch (kind.toLowerCase()) {
    case 'onnx':
      if (rest === '') throw bad(text, 'names no model directory: write onnx:/path/to/model-dir');
      return { kind: 'onnx', dir: rest };
    case 'http':
      if (rest === '') throw bad(text, 'names no URL: write http:http://host:port');
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) {
        throw bad(text, `has a URL without a scheme: write http:http://${rest} or http:https://${rest}`);
      }
      return parseHttp(text, rest);
    default:
      throw bad(text, `has an unknown kind "${kind}"`);
  }
}

function parseHttp(text: string, urlText: string): EmbedderSpec {
  const hash = urlText.indexOf('#');
  const base = hash < 0 ? urlText : urlText.slice(0, hash);
  const fragment = hash < 0 ? '' : urlText.slice(hash + 1);

  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw bad(text, `has an invalid URL "${base}": write a full URL such as http://localhost:11434`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw bad(text, `has a ${url.protocol.replace(/:$/, '')} URL; only http:// and https:// are supported`);
  }
  if (url.username || url.password) {
    throw bad(text, 'has credentials in its URL; give the API key in its own setting');
  }

  let model: string | undefined;
  if (fragment !== '') {
    for (const part of fragment.split('&')) {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1)).trim();
      if (key !== 'model') throw bad(text, `has an unknown option "${key}" after #; only model=NAME is supported`);
      if (value === '') throw bad(text, 'has an empty model name after #model=');
      model = value;
    }
  }
  const href = url.href.replace(/\/+$/, '');
  return model === undefined ? { kind: 'http', url: href } : { kind: 'http', url: href, model };
}

/** the spec back as text: parseEmbedderSpec(formatEmbedderSpec(s)) equals s */
export function formatEmbedderSpec(spec: EmbedderSpec): string {
  switch (spec.kind) {
    case 'none':
      return 'none';
    case 'builtin':
      return 'builtin';
    case 'onnx':
      return `onnx:${spec.dir}`;
    case 'http':
      return `http:${spec.url}${spec.model === undefined ? '' : `#model=${encodeURIComponent(spec.model)}`}`;
  }
}

export interface OpenEmbedderOptions {
  /** makes the built-in embedder (it needs the corpus, which this module does not know) */
  readonly builtin: () => Embedder | Promise<Embedder>;
  /** sent as a bearer token to an http embedder */
  readonly apiKey?: string;
  /** relative onnx directories are resolved from here; default the working directory */
  readonly cwd?: string;
  readonly onnx?: OnnxEmbedderOptions;
  readonly http?: Omit<HttpEmbedderOptions, 'url' | 'model' | 'apiKey'>;
}

/**
 * The embedder a spec names, ready to use: an onnx model is loaded, an http
 * endpoint is probed once (so `dimensions` is known and a wrong URL, key or
 * model fails here, at start-up, rather than at the first search).
 */
export async function openEmbedder(spec: EmbedderSpec, options: OpenEmbedderOptions): Promise<Embedder> {
  switch (spec.kind) {
    case 'none':
      throw new AppError('config', 'the embedder is "none": there is no semantic search to open');
    case 'builtin':
      return options.builtin();
    case 'onnx':
      return loadOnnxEmbedder(resolvePath(options.cwd ?? process.cwd(), spec.dir), options.onnx);
    case 'http':
      return createHttpEmbedder({
        ...options.http,
        url: spec.url,
        ...(spec.model === undefined ? {} : { model: spec.model }),
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      }).init();
  }
}
