/**
 * The committed demo slice (data/demo): real Daily Papers listings of the last
 * weeks of the shared archive, loaded on the first start of an empty database
 * so that a fresh clone shows real papers with no network.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countPapers } from '../store/papers-repo.ts';
import type { Store } from '../store/store.ts';
import { importFiles, type ImportSummary } from './import-files.ts';

export const DEMO_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/demo/daily_papers.jsonl.gz');

/** Imports the demo data when the store holds no papers; returns null when it did nothing. */
export async function loadDemoIfEmpty(store: Store): Promise<ImportSummary | null> {
  if ((await countPapers(store.db)) > 0) return null;
  return importFiles(store.db, [DEMO_FILE]);
}
