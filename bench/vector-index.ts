/**
 * Benchmark of the vector index alone (src/search/vector/ivf-index.ts)
 * at the real collection's size (~80k) and at 1M, printed as JSON:
 *   - upsert throughput (precomputed vectors, batches of 256 as embedMissing does, retrainings included)
 *   - load time of the in-memory lists (first nearest() of a fresh process) and that process's RSS
 *   - recall@10 of nearest(v, 100) against exactNearest, p50/p95 of nearest(v, 100), for several probe counts
 *
 * Vectors: the real ones of a database embedded by bench/search.ts (the built-in
 * embedder), then synthetic papers up to 1M: normalise(a·v_i + b·v_j + c·v_k) of
 * three random real vectors (the embedder is a normalised bag-of-words sum, and
 * bench/search.ts makes synthetic papers from pieces of three real ones).
 * Queries: short texts (title words, like bench/search.ts) embedded with the
 * database's built-in model. Exact results are cached in the work directory.
 *
 *   npx tsx bench/vector-index.ts [--source /tmp/paperboy-bench-search/85k.db] [--work /tmp/paperboy-bench-vectors] [--sizes 80000,1000000]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { createBuiltinEmbedder, deserializeBuiltinModel } from '../src/search/builtin/index.ts';
import { rng } from '../src/search/numeric/random.ts';
import { decodeHalf } from '../src/search/vector/half.ts';
import { openVectorIndex } from '../src/search/vector/ivf-index.ts';
import type { VectorHit } from '../src/search/vector/vector-index.ts';
import { openStore } from '../src/store/store.ts';

const here = fileURLToPath(import.meta.url);
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const QUERIES = 200;
const BATCH = 256;

const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * p))]! * 100) / 100;
};
const secs = (t: number) => Math.round((performance.now() - t) / 10) / 100;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Child mode: open the index as a server would, load it with the first query, time queries, report RSS. */
async function hold(file: string, queriesFile: string): Promise<void> {
  const queries = readVectors(queriesFile);
  const rssBefore = process.memoryUsage().rss;
  const store = await openStore(file);
  const index = openVectorIndex(store);
  const t = performance.now();
  index.nearest(queries[0]!, 100);
  const loadSeconds = secs(t);
  const times: number[] = [];
  for (let r = 0; r < 2; r++) for (const q of queries) {
    const t0 = performance.now();
    index.nearest(q, 100);
    if (r === 1) times.push(performance.now() - t0);
  }
  const m = process.memoryUsage();
  console.log(JSON.stringify({ loadSeconds, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), rssMB: mb(m.rss), rssBeforeOpenMB: mb(rssBefore), externalMB: mb(m.external) }));
  await store.close();
}

function readVectors(file: string, dim = 512): Float32Array[] {
  const all = new Float32Array(fs.readFileSync(file).buffer.slice(0));
  return Array.from({ length: all.length / dim }, (_, i) => all.subarray(i * dim, (i + 1) * dim));
}
function writeVectors(file: string, vs: readonly Float32Array[]): void {
  const out = new Float32Array(vs.length * (vs[0]?.length ?? 0));
  vs.forEach((v, i) => out.set(v, i * v.length));
  fs.writeFileSync(file, Buffer.from(out.buffer));
}

const CONTENT = /^[a-z][a-z0-9-]{3,}$/;
async function makeQueries(source: SqliteDatabase.Database): Promise<Float32Array[]> {
  const m = source.prepare('SELECT bytes FROM search_models ORDER BY created_at DESC LIMIT 1').get() as { bytes: Buffer } | undefined;
  if (!m) throw new Error('no built-in model in the source database');
  const embedder = createBuiltinEmbedder(deserializeBuiltinModel(m.bytes));
  const papers = source.prepare('SELECT title, abstract FROM papers ORDER BY rowid LIMIT 20000').all() as { title: string; abstract: string }[];
  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const words = (s: string) => s.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => CONTENT.test(w));
  const texts: string[] = [];
  while (texts.length < QUERIES) {
    const p = pick(papers);
    const t = words(p.title);
    const a = words(p.abstract);
    if (t.length < 3 || a.length < 10) continue;
    if (texts.length % 10 < 7) texts.push([...t.filter(() => random() < 0.6).slice(0, 5), pick(a), pick(a)].sort(() => random() - 0.5).join(' '));
    else texts.push(t.filter(() => random() < 0.5).slice(0, 1 + Math.floor(random() * 3)).join(' ') || t[0]!);
  }
  return Promise.all(texts.map((q) => embedder.embedQuery(q)));
}

function recallAt10(got: readonly VectorHit[], truth: readonly VectorHit[]): number {
  const g = new Set(got.slice(0, 10).map((h) => h.rowid));
  return truth.filter((h) => g.has(h.rowid)).length / Math.max(1, truth.length);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--hold') return hold(process.argv[3]!, process.argv[4]!);
  const sourceFile = arg('source', '/tmp/paperboy-bench-search/85k.db');
  const work = arg('work', '/tmp/paperboy-bench-vectors');
  const sizes = arg('sizes', '80000,1000000').split(',').map(Number);
  fs.mkdirSync(work, { recursive: true });
  const source = new SqliteDatabase(sourceFile, { readonly: true });
  const model = source.prepare('SELECT model, dimensions FROM search_vectors_meta WHERE id = 1').get() as { model: string; dimensions: number };
  const real = (source.prepare('SELECT vector FROM vector_items ORDER BY rowid').pluck().all() as Buffer[]).map((b) => decodeHalf(b));
  const queriesFile = path.join(work, 'queries.f32');
  const queries = await makeQueries(source);
  writeVectors(queriesFile, queries);
  source.close();

  const file = path.join(work, 'index.db');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const store = await openStore(file);
  const index = openVectorIndex(store);
  index.prepare(model.model, model.dimensions);
  const random = rng(7);
  const synthetic = (): Float32Array => {
    const v = new Float32Array(model.dimensions);
    for (let t = 0; t < 3; t++) {
      const src = real[Math.floor(random() * real.length)]!;
      const w = 0.3 + 0.7 * random();
      for (let d = 0; d < v.length; d++) v[d]! += w * src[d]!;
    }
    let s = 0;
    for (const x of v) s += x * x;
    return v.map((x) => x / Math.sqrt(s));
  };
  const report: Record<string, unknown> = { source: sourceFile, realVectors: real.length, queries: queries.length };
  let rowid = 0;
  for (const size of sizes) {
    const target = size;
    const t = performance.now();
    const from = rowid;
    while (rowid < target) {
      const batch: { rowid: number; vector: Float32Array }[] = [];
      while (batch.length < BATCH && rowid < target) {
        batch.push({ rowid: rowid + 1, vector: rowid < real.length ? real[rowid]! : synthetic() });
        rowid++;
      }
      index.upsert(batch);
    }
    const upsertSeconds = secs(t);
    const n = index.count();
    const truthFile = path.join(work, `exact-${n}.json`);
    let exact: VectorHit[][];
    let exactSeconds = 0;
    if (fs.existsSync(truthFile)) exact = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as VectorHit[][];
    else {
      const te = performance.now();
      exact = index.exactNearest(queries, 10);
      exactSeconds = secs(te);
      fs.writeFileSync(truthFile, JSON.stringify(exact));
    }
    const defaultProbes = index.probesNow();
    const byProbes = [];
    for (const probes of [...new Set([defaultProbes / 4, defaultProbes / 2, defaultProbes, defaultProbes * 2].map(Math.round))]) {
      index.probes = probes;
      index.nearest(queries[0]!, 100); // loads the lists
      let sum = 0;
      const times: number[] = [];
      for (let i = 0; i < queries.length; i++) {
        const t0 = performance.now();
        const got = index.nearest(queries[i]!, 100);
        times.push(performance.now() - t0);
        sum += recallAt10(got, exact[i]!);
      }
      byProbes.push({ probes, recallAt10: Math.round((sum / queries.length) * 1000) / 1000, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) });
    }
    index.probes = null;
    // a fresh process, as a server would hold it
    const held = JSON.parse(execFileSync(process.execPath, [...process.execArgv, here, '--hold', file, queriesFile], { encoding: 'utf8' }).trim().split('\n').pop()!) as object;
    report[`n${n}`] = {
      vectors: n,
      upsert: { vectors: n - from, seconds: upsertSeconds, perSecond: Math.round((n - from) / Math.max(0.001, upsertSeconds)) },
      exactSeconds,
      defaultProbes: index.probesNow(),
      byProbes,
      freshProcess: held,
      benchRssMB: mb(process.memoryUsage().rss),
    };
    console.error(JSON.stringify(report[`n${n}`]));
  }
  await store.close();
  console.log(JSON.stringify(report, null, 2));
}

await main();
