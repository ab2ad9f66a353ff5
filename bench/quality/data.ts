/** Loaders for the evaluation data in ../shared/data (read in place, never copied). */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const SHARED_DATA = process.env.PAPERBOY_SHARED_DATA ?? new URL('../../../shared/data', import.meta.url).pathname;

export interface Paper {
  id: string;
  title: string;
  abstract: string;
  authors: string;
}

export interface Scifact {
  corpus: Paper[];
  queries: Map<string, string>;
  qrels: Map<string, Map<string, number>>;
}

export function loadScifact(split: 'train' | 'test'): Scifact {
  const dir = join(SHARED_DATA, 'scifact');
  const corpus: Paper[] = [];
  for (const f of readdirSync(dir).filter((f) => f.startsWith('corpus.part-')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const d = JSON.parse(line) as { _id: string; title: string; text: string };
      corpus.push({ id: d._id, title: d.title, abstract: d.text, authors: '' });
    }
  }
  const queries = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'queries.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const q = JSON.parse(line) as { _id: string; text: string };
    queries.set(q._id, q.text);
  }
  const qrels = new Map<string, Map<string, number>>();
  const lines = readFileSync(join(dir, 'qrels', `${split}.tsv`), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const [q, d, s] = line.split('\t');
    if (!q || !d) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(d, Number(s));
  }
  return { corpus, queries, qrels };
}

async function* gzLines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) yield line;
}

/** All papers of ../shared/data: arXiv listings + Daily Papers, deduplicated by arXiv id (first seen wins). */
export async function loadSharedPapers(): Promise<Paper[]> {
  const byId = new Map<string, Paper>();
  for await (const line of gzLines(join(SHARED_DATA, 'arxiv-listings', 'arxiv_listings.jsonl.gz'))) {
    const r = JSON.parse(line) as { id: string; title: string; abstract: string; authors: string[] };
    if (!byId.has(r.id)) byId.set(r.id, { id: r.id, title: clean(r.title), abstract: clean(r.abstract ?? ''), authors: (r.authors ?? []).join(', ') });
  }
  for await (const line of gzLines(join(SHARED_DATA, 'hf-daily-papers', 'daily_papers.jsonl.gz'))) {
    const day = JSON.parse(line) as { response: { paper: { id: string; title: string; summary: string; authors: { name: string }[] } }[] };
    for (const item of day.response) {
      const p = item.paper;
      if (!byId.has(p.id)) byId.set(p.id, { id: p.id, title: clean(p.title), abstract: clean(p.summary ?? ''), authors: (p.authors ?? []).map((a) => a.name).join(', ') });
    }
  }
  return [...byId.values()];
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Daily Papers' `ai_summary` by arXiv id (the first one seen), for papers that have one. */
export async function loadSummaries(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const line of gzLines(join(SHARED_DATA, 'hf-daily-papers', 'daily_papers.jsonl.gz'))) {
    const day = JSON.parse(line) as { response: { paper: { id: string; ai_summary?: string | null } }[] };
    for (const item of day.response) {
      const s = item.paper.ai_summary;
      if (s && s.trim() && !out.has(item.paper.id)) out.set(item.paper.id, clean(s));
    }
  }
  return out;
}

/**
 * A short hash of the built-in embedder's source (src/search/builtin/*.ts):
 * part of every cached model's name, so a change to training retrains.
 */
export function builtinSourceHash(): string {
  const dir = new URL('../../src/search/builtin/', import.meta.url).pathname;
  const h = createHash('sha256');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}
