import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dot } from '../../src/search/embedder.ts';
import {
  builtinModelFingerprint,
  createBuiltinEmbedder,
  deserializeBuiltinModel,
  serializeBuiltinModel,
  trainBuiltinModel,
  type BuiltinModel,
} from '../../src/search/builtin/index.ts';
import { BuiltinVectorizer } from '../../src/search/builtin/embed.ts';
import { encodeDocument } from '../../src/search/builtin/model.ts';
import { trainContrastive, type ContrastiveOptions } from '../../src/search/builtin/contrastive.ts';
import { Rng } from '../../src/search/numeric/random.ts';
import { buildVocabulary, tokenizeDoc } from '../../src/search/builtin/vocabulary.ts';
import { porterStem } from '../../src/search/builtin/porter.ts';

interface FixturePaper {
  id: string;
  title: string;
  abstract: string;
}
// 20 real Daily Papers (2025-03-03/04): titles and abstracts
const papers = JSON.parse(
  readFileSync(new URL('../fixtures/search/daily-abstracts-2025-03.json', import.meta.url), 'utf8'),
) as FixturePaper[];

const norm = (v: Float32Array) => Math.sqrt(dot(v, v));
let shared: Promise<BuiltinModel> | undefined;
const fixtureModel = () => (shared ??= trainBuiltinModel(papers, { seed: 7 }));

describe('built-in embedder', () => {
  it('is deterministic for a seed', async () => {
    // parameters only: the model's info also records wall-clock timings
    const params = (m: BuiltinModel) => [m.vocab.terms, m.vocab.idf, m.lsa.data, m.lsa.scales, m.contrastive.data, m.contrastive.scales];
    const again = await trainBuiltinModel(papers, { seed: 7 });
    const first = await fixtureModel();
    expect(params(again)).toEqual(params(first));
    expect(builtinModelFingerprint(again)).toBe(builtinModelFingerprint(first));
    const other = await trainBuiltinModel(papers, { seed: 8 });
    expect(builtinModelFingerprint(other)).not.toBe(builtinModelFingerprint(again));
  });

  it('gives the same model whether the LSA runs on a worker thread or inline', async () => {
    const params = (m: BuiltinModel) => [m.vocab.terms, m.lsa.data, m.lsa.scales, m.contrastive.data, m.contrastive.scales];
    const onWorker = await trainBuiltinModel(papers, { seed: 7, lsaThread: 'worker' });
    expect(params(onWorker)).toEqual(params(await fixtureModel()));
  });

  it('gives the same model, bit for bit, whether a helper thread shares the contrastive batches or not', async () => {
    const params = (m: BuiltinModel) => [m.vocab.terms, m.lsa.data, m.lsa.scales, m.contrastive.data, m.contrastive.scales];
    const helped = await trainBuiltinModel(papers, { seed: 7, contrastiveThread: 'worker', lsaThread: 'worker' });
    expect(params(helped)).toEqual(params(await fixtureModel()));

    // the contrastive phase alone, with the helper up before the first batch so it surely takes part
    const vocab = buildVocabulary(papers.map((p) => tokenizeDoc(p.title, p.abstract).tokens), { maxTerms: 60_000, minDf: 2, buckets: 1024 });
    const docs = papers.map((p) => encodeDocument(p.title, p.abstract, vocab));
    const options: ContrastiveOptions = {
      dims: 32, epochs: 30, batchSize: 6, learningRate: 0.05, temperature: 0.1, dropout: 0.3, titleShare: 0.5, deadline: Date.now() + 60_000,
    };
    const alone = trainContrastive(docs, vocab, { ...options, thread: 'inline' }, new Rng(3));
    const shared = trainContrastive(docs, vocab, { ...options, thread: 'worker', awaitHelperMs: 20_000 }, new Rng(3));
    expect(alone.helperShare).toBe(0);
    expect(shared.helperShare).toBeGreaterThan(0);
    expect(shared.losses).toEqual(alone.losses);
    expect(shared.table).toEqual(alone.table);
    // a helper that cannot start: this thread does all the work, same result
    const noHelper = trainContrastive(docs, vocab, { ...options, thread: 'worker', helperUrl: new URL('./no-such-helper.mjs', import.meta.url) }, new Rng(3));
    expect(noHelper.helperShare).toBe(0);
    expect(noHelper.table).toEqual(alone.table);
  });

  it('trains exactly as before when no paper has a summary', async () => {
    const params = (m: BuiltinModel) => [m.vocab.terms, m.lsa.data, m.lsa.scales, m.contrastive.data, m.contrastive.scales];
    const withEmpty = await trainBuiltinModel(papers.map((p, i) => ({ ...p, summary: i % 2 ? null : '' })), { seed: 7 });
    expect(params(withEmpty)).toEqual(params(await fixtureModel()));
  });

  it('learns from a summary of a paper used as a pseudo-query: its words pull toward that paper', async () => {
    // paper 0 "summarised" with paper 1's title: only the (summary, paper) pairs can tie those words to paper 0
    const summary = papers[1]!.title;
    const similarity = async (model: BuiltinModel) => {
      const embedder = createBuiltinEmbedder(model);
      const [v] = await embedder.embedDocuments([papers[0]!]);
      return dot(await embedder.embedQuery(summary), v!);
    };
    const summarised = await trainBuiltinModel(papers.map((p, i) => ({ ...p, summary: i === 0 ? summary : null })), { seed: 7 });
    const plain = await fixtureModel();
    // the vocabulary is the papers' own: a summary adds no words
    expect(summarised.vocab.terms).toEqual(plain.vocab.terms);
    expect(await similarity(summarised)).toBeGreaterThan((await similarity(plain)) + 0.05);
  });

  it('reads a paper to embed exactly as training read it', async () => {
    const model = await fixtureModel();
    const vectorizer = new BuiltinVectorizer(model);
    for (const p of papers) expect(vectorizer.idsOf(p.title, p.abstract)).toEqual(encodeDocument(p.title, p.abstract, model.vocab).ids);
    // some words are known, some not (-1)
    const ids = vectorizer.idsOf('Whisper zzqxv', 'speech recognition. Compression!');
    expect(ids[0]).toBeGreaterThanOrEqual(0);
    expect(ids[1]).toBe(-1);
    expect(ids).toHaveLength(5);
  });

  it('round-trips through serialization with identical vectors and name', async () => {
    const model = await fixtureModel();
    const bytes = serializeBuiltinModel(model);
    const copy = deserializeBuiltinModel(bytes);
    expect(serializeBuiltinModel(copy)).toEqual(bytes);
    const a = createBuiltinEmbedder(model);
    const b = createBuiltinEmbedder(copy);
    expect(b.name).toBe(a.name);
    expect(a.name).toMatch(/^builtin-v1:[0-9a-f]{12}$/);
    expect(await b.embedDocuments(papers.slice(0, 3))).toEqual(await a.embedDocuments(papers.slice(0, 3)));
    expect(await b.embedQuery('speech recognition')).toEqual(await a.embedQuery('speech recognition'));
  });

  it('reads a model from a Node Buffer at an offset (as readFileSync returns it)', async () => {
    const bytes = serializeBuiltinModel(await fixtureModel());
    const padded = Buffer.alloc(bytes.length + 3);
    padded.set(bytes, 3);
    const copy = deserializeBuiltinModel(padded.subarray(3));
    expect(serializeBuiltinModel(copy)).toEqual(bytes);
  });

  it('rejects bytes that are not a model', () => {
    expect(() => deserializeBuiltinModel(new TextEncoder().encode('hello world, not a model'))).toThrow(/magic/);
    const bytes = serializeBuiltinModel(
      deserializeBuiltinModel(serializeBuiltinModel({ ...emptyModelShape() })),
    );
    expect(() => deserializeBuiltinModel(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/);
  });

  it('returns L2-normalised vectors of the advertised dimension', async () => {
    const embedder = createBuiltinEmbedder(await fixtureModel());
    expect(embedder.dimensions).toBe(512);
    const vectors = await embedder.embedDocuments(papers);
    expect(vectors).toHaveLength(papers.length);
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const q = await embedder.embedQuery('low-rank compression of speech models');
    expect(norm(q)).toBeCloseTo(1, 5);
  });

  it('gives an all-zero vector (not NaN) to a text with no known word', async () => {
    const embedder = createBuiltinEmbedder(await fixtureModel());
    for (const text of ['', 'zzqx vvwy', '!!! ??? ...', '的 模型']) {
      const v = await embedder.embedQuery(text);
      expect(v).toHaveLength(embedder.dimensions);
      expect(v.every((x) => x === 0)).toBe(true);
    }
  });

  it('trains on a tiny corpus (5 papers) and on no papers at all', async () => {
    const started = Date.now();
    const tiny = await trainBuiltinModel(papers.slice(0, 5), { seed: 1 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const embedder = createBuiltinEmbedder(tiny);
    for (const v of await embedder.embedDocuments(papers.slice(0, 5))) {
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const empty = createBuiltinEmbedder(await trainBuiltinModel([], { seed: 1 }));
    const v = await empty.embedQuery('anything at all');
    expect(v).toHaveLength(empty.dimensions);
    expect(v.every((x) => x === 0)).toBe(true);
  });

  it('reports progress up to the total', async () => {
    const seen: [number, number][] = [];
    await trainBuiltinModel(papers.slice(0, 8), { seed: 1, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.length).toBeGreaterThan(1);
    const [lastDone, total] = seen.at(-1)!;
    expect(lastDone).toBe(total);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
  });

  it('finds a paper from a paraphrase of what it is about', async () => {
    const embedder = createBuiltinEmbedder(await fixtureModel());
    const vectors = await embedder.embedDocuments(papers);
    const rank = async (query: string, id: string) => {
      const q = await embedder.embedQuery(query);
      const order = papers.map((p, i) => ({ id: p.id, s: dot(q, vectors[i]!) })).sort((a, b) => b.s - a.s);
      return order.findIndex((x) => x.id === id);
    };
    // none of these queries is a title; each shares few words with its abstract
    expect(await rank('making Whisper transcription cheaper by compressing its encoder', '2502.20583')).toBeLessThan(2);
    expect(await rank('robot hands learning dexterous skills in simulation then transferring to the real world', '2502.20396')).toBeLessThan(2);
    expect(await rank('a big collection of clips for training text to video models on what users care about', '2503.01739')).toBeLessThan(2);
  });

  it('stems like the Porter algorithm used by the FTS5 index', () => {
    expect(['networks', 'learning', 'generalization', 'relational', 'hopping'].map(porterStem)).toEqual([
      'network', 'learn', 'gener', 'relat', 'hop',
    ]);
  });
});

function emptyModelShape(): BuiltinModel {
  return {
    version: 1,
    vocab: { terms: ['a1', 'b2'], index: new Map([['a1', 0], ['b2', 1]]), idf: new Float32Array([1, 2]), buckets: 2, bucketIdf: new Float32Array(2), documents: 2 },
    lsa: { rows: 2, cols: 4, data: new Int8Array(8).fill(3), scales: new Float32Array([0.1, 0.2]) },
    contrastive: { rows: 4, cols: 4, data: new Int8Array(16).fill(-2), scales: new Float32Array(4).fill(0.05) },
    lsaWeight: 0.7,
    info: { documents: 2, seed: 1, epochs: 0, losses: [], trainMs: 0, phaseMs: { tokenize: 0, lsa: 0, contrastive: 0 } },
  };
}
