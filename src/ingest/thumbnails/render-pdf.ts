/**
 * Page 1 of a PDF as a PNG, rendered by `pdftoppm` (Debian: poppler-utils).
 * The program is optional: `pdfRendererAvailable()` says whether it is there,
 * and callers skip PDFs when it is not. The PDF is written to a private
 * temporary folder, rendered with a time limit and removed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Width of a rendered first page, in pixels (cards show it at ~100 px, paper pages at ~240 px, both at 2x). */
export const RENDER_WIDTH = 560;
const RENDER_TIMEOUT_MS = 30_000;

export const PDFTOPPM_MISSING = 'pdftoppm is not installed (Debian/Ubuntu: apt-get install poppler-utils), so first pages of PDFs are not rendered';

let available: Promise<boolean> | null = null;

/** Whether `pdftoppm` runs here (asked once per process; `program` for tests). */
export function pdfRendererAvailable(program = 'pdftoppm'): Promise<boolean> {
  if (program !== 'pdftoppm') return probe(program);
  available ??= probe(program);
  return available;
}

function probe(program: string): Promise<boolean> {
  return new Promise((resolve) => {
    // a missing program fails with ENOENT; pdftoppm -v itself exits 0 (older versions 99)
    execFile(program, ['-v'], { timeout: 5000 }, (error) => resolve(error === null || typeof (error as { code?: unknown }).code === 'number'));
  });
}

/** Whether the bytes start like a PDF (`%PDF-` within the first 1 KB, as readers allow). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/** Renders page 1 of `pdf` at `width` px wide (height follows the page); throws with pdftoppm's reason. */
export async function renderFirstPage(pdf: Uint8Array, width = RENDER_WIDTH, program = 'pdftoppm'): Promise<Uint8Array> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'paperboy-thumb-'));
  try {
    const input = path.join(dir, 'paper.pdf');
    await fs.writeFile(input, pdf);
    const out = path.join(dir, 'page');
    await new Promise<void>((resolve, reject) => {
      execFile(
        program,
        ['-f', '1', '-l', '1', '-singlefile', '-png', '-scale-to-x', String(width), '-scale-to-y', '-1', input, out],
        { timeout: RENDER_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (!error) return resolve();
          const why = String(stderr).trim().split('\n')[0] || (error.killed ? `took longer than ${RENDER_TIMEOUT_MS / 1000} s` : error.message);
          reject(new Error(`pdftoppm could not render page 1: ${why}`));
        },
      );
    });
    return new Uint8Array(await fs.readFile(`${out}.png`));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
