/**
 * Reads import files as a stream of located JSON values: one per JSONL line, or
 * one per element of a top-level JSON array. Gzip is detected by its magic
 * bytes, so `.gz` (or a misnamed file) is read transparently. Lines that are
 * not JSON come out as errors with their location instead of stopping the read.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

export type LocatedValue =
  | { readonly ok: true; readonly where: string; readonly value: unknown; /** an element of a top-level JSON array */ readonly inArray?: true }
  | { readonly ok: false; readonly where: string; readonly error: string };

export interface ReadProgress {
  /** bytes of the file on disk read so far (compressed bytes for gzip) */
  readonly bytesRead: number;
  readonly totalBytes: number;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

function openText(file: string, gzip: boolean, onBytes: (n: number) => void): Readable {
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  raw.on('data', (chunk) => onBytes(chunk.length));
  if (!gzip) return raw;
  const gunzip = zlib.createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

export async function* readRecords(file: string, onProgress?: (p: ReadProgress) => void): AsyncGenerator<LocatedValue> {
  const totalBytes = (await fs.promises.stat(file)).size;
  const gzip = await isGzip(file);
  let bytesRead = 0;
  const stream = openText(file, gzip, (n) => {
    bytesRead += n;
    onProgress?.({ bytesRead, totalBytes });
  });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });

  let lineNo = 0;
  let sawContent = false;
  let arrayText: string[] | null = null;
  try {
    for await (const rawLine of lines) {
      lineNo += 1;
      // a UTF-8 byte order mark (Windows tools write one) is not part of the JSON
      const line = lineNo === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
      if (arrayText) {
        arrayText.push(line);
        continue;
      }
      const trimmed = line.trim();
      if (trimmed === '') continue;
      if (!sawContent && trimmed.startsWith('[')) {
        // A whole JSON document (a Daily Papers API response): collect it, parse it at the end.
        arrayText = [line];
        continue;
      }
      sawContent = true;
      yield parseLine(trimmed, `${file}:${lineNo}`);
    }
  } catch (e) {
    yield { ok: false, where: `${file}:${lineNo + 1}`, error: `could not read the file: ${(e as Error).message}` };
    return;
  }
  if (arrayText) yield* parseArray(arrayText.join('\n'), file);
}

function parseLine(text: string, where: string): LocatedValue {
  try {
    return { ok: true, where, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, where, error: `not valid JSON (${(e as Error).message})` };
  }
}

function* parseArray(text: string, file: string): Generator<LocatedValue> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    yield { ok: false, where: file, error: `the file starts with "[" but is not a valid JSON array (${(e as Error).message})` };
    return;
  }
  if (!Array.isArray(doc)) {
    yield { ok: false, where: file, error: 'expected a JSON array' };
    return;
  }
  for (let i = 0; i < doc.length; i++) yield { ok: true, where: `${file}: item ${i + 1}`, value: doc[i], inArray: true };
}
