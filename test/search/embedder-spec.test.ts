import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import type { Embedder } from '../../src/search/embedder.ts';
import {
  formatEmbedderSpec,
  openEmbedder,
  parseEmbedderSpec,
  type EmbedderSpec,
} from '../../src/search/embedder-spec.ts';

function configError(text: string): AppError {
  try {
    parseEmbedderSpec(text);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('config');
    return err as AppError;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('parseEmbedderSpec: accepted forms', () => {
  it.each<[string, EmbedderSpec]>([
    ['builtin', { kind: 'builtin' }],
    ['  BUILTIN ', { kind: 'builtin' }],
    ['onnx:/models/bge-small', { kind: 'onnx', dir: '/models/bge-small' }],
    ['onnx:./models/my model', { kind: 'onnx', dir: './models/my model' }],
    ['onnx:C:\\models\\e5', { kind: 'onnx', dir: 'C:\\models\\e5' }],
    ['http:http://localhost:11434', { kind: 'http', url: 'http://localhost:11434' }],
    ['http:http://127.0.0.1:8080/', { kind: 'http', url: 'http://127.0.0.1:8080' }],
    [
      'http:http://localhost:11434#model=nomic-embed-text',
      { kind: 'http', url: 'http://localhost:11434', model: 'nomic-embed-text' },
    ],
    [
      'http:https://api.example.com/v1#model=text-embedding-3-small',
      { kind: 'http', url: 'https://api.example.com/v1', model: 'text-embedding-3-small' },
    ],
    ['http:http://gpu:8000/v1#model=BAAI%2Fbge-m3', { kind: 'http', url: 'http://gpu:8000/v1', model: 'BAAI/bge-m3' }],
    // a bare URL is the http kind
    ['http://localhost:11434#model=all-minilm', { kind: 'http', url: 'http://localhost:11434', model: 'all-minilm' }],
    ['https://embed.example.org/', { kind: 'http', url: 'https://embed.example.org' }],
  ])('%s', (text, expected) => {
    expect(parseEmbedderSpec(text)).toEqual(expected);
  });

  it('formats a spec back to text that parses to the same spec', () => {
    for (const text of ['builtin', 'onnx:/m', 'http:http://h:1/v1', 'http:http://h:1#model=BAAI/bge-m3']) {
      const spec = parseEmbedderSpec(text);
      expect(parseEmbedderSpec(formatEmbedderSpec(spec))).toEqual(spec);
    }
  });
});

describe('parseEmbedderSpec: clear errors', () => {
  it('rejects an empty value', () => {
    expect(configError('   ').message).toMatch(/is empty.*builtin, onnx:DIR, http:URL/);
  });

  it('rejects an unknown kind and lists the forms', () => {
    const err = configError('openai:text-embedding-3-small');
    expect(err.message).toMatch(/unknown kind "openai"/);
    expect(err.message).toMatch(/expected builtin, onnx:DIR, http:URL\[#model=NAME\] or none/);
    expect(configError('builtin2').message).toMatch(/unknown kind "builtin2"/);
  });

  it('rejects onnx without a directory', () => {
    expect(configError('onnx:').message).toMatch(/names no model directory/);
    expect(configError('onnx:   ').message).toMatch(/names no model directory/);
    expect(configError('onnx').message).toMatch(/names no model directory/);
  });

  it('rejects http without a URL', () => {
    expect(configError('http:').message).toMatch(/names no URL/);
  });

  it('rejects a URL without a scheme and shows how to write it', () => {
    expect(configError('http:localhost:11434').message).toMatch(/without a scheme: write http:http:\/\/localhost:11434/);
  });

  it('rejects non-http URLs', () => {
    expect(configError('http:ftp://example.com/embed').message).toMatch(/ftp URL; only http:\/\/ and https:\/\//);
    expect(configError('http:file:///tmp/x').message).toMatch(/file URL/);
  });

  it('rejects a malformed URL', () => {
    expect(configError('http:http://exa mple.com').message).toMatch(/invalid URL/);
  });

  it('rejects credentials in the URL (the API key has its own setting)', () => {
    expect(configError('http:https://user:secret@api.example.com').message).toMatch(/credentials/);
  });

  it('rejects unknown or empty fragment options', () => {
    expect(configError('http:http://h:1#dims=384').message).toMatch(/unknown option "dims"/);
    expect(configError('http:http://h:1#model=').message).toMatch(/empty model name/);
    expect(configError('http:http://h:1#model').message).toMatch(/empty model name/);
  });
});

describe('openEmbedder', () => {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

  it('calls the builtin factory for builtin', async () => {
    const builtin: Embedder = {
      name: 'builtin:test',
      dimensions: 2,
      embedDocuments: async () => [],
      embedQuery: async () => new Float32Array(2),
    };
    expect(await openEmbedder(parseEmbedderSpec('builtin'), { builtin: () => builtin })).toBe(builtin);
  });

  it('loads an onnx directory relative to cwd', async () => {
    const e = await openEmbedder(parseEmbedderSpec('onnx:onnx-tiny'), { builtin: noBuiltin, cwd: fixtures });
    expect(e.name).toBe('onnx:onnx-tiny');
    expect(e.dimensions).toBe(16);
  });

  it('probes an http endpoint so its dimensions are known, sending model and key', async () => {
    const seen: { auth: string | undefined; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        const { input } = JSON.parse(body) as { input: string[] };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: input.map((_, index) => ({ index, embedding: [3, 4, 0] })) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const e = await openEmbedder(parseEmbedderSpec(`http://127.0.0.1:${port}/v1#model=mini`), {
        builtin: noBuiltin,
        apiKey: 'k',
      });
      expect(e.name).toBe('http:mini');
      expect(e.dimensions).toBe(3);
      expect(seen).toEqual([{ auth: 'Bearer k', body: JSON.stringify({ model: 'mini', input: ['dimension probe'] }) }]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('fails at start-up when the http endpoint is unreachable', async () => {
    const spec = parseEmbedderSpec('http:http://127.0.0.1:9/');
    await expect(openEmbedder(spec, { builtin: noBuiltin, http: { maxAttempts: 1 } })).rejects.toThrow(/could not be reached/);
  });
});

function noBuiltin(): never {
  throw new Error('builtin must not be opened here');
}

describe('parseEmbedderSpec: none', () => {
  it('turns semantic search off', () => {
    expect(parseEmbedderSpec('none')).toEqual({ kind: 'none' });
    expect(formatEmbedderSpec({ kind: 'none' })).toBe('none');
  });
});
