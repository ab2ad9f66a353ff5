/** Imports papers given as generic paper lines (ingest/paper-jsonl-format.ts) through the core, from a temporary .jsonl file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Paperboy } from '../../src/app/paperboy.ts';

export async function importPaperLines(core: Paperboy, lines: readonly Record<string, unknown>[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-lines-'));
  try {
    const file = path.join(dir, 'papers.jsonl');
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await core.importFiles([file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
