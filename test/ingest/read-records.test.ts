import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecords, type LocatedValue } from '../../src/ingest/read-records.ts';
import { scratchDir } from '../fixtures/files.ts';

const scratch = scratchDir();
afterAll(() => scratch.remove());

async function readAll(name: string, content: string | Buffer): Promise<{ file: string; values: LocatedValue[] }> {
  const file = scratch.file(name);
  fs.writeFileSync(file, content);
  const values: LocatedValue[] = [];
  for await (const v of readRecords(file)) values.push(v);
  return { file, values };
}

describe('readRecords: JSONL', () => {
  it('yields one value per non-blank line, located by 1-based line number', async () => {
    const { file, values } = await readAll('lines.jsonl', '{"a":1}\n\n  {"b":2}  \r\n[3]\n');
    expect(values).toEqual([
      { ok: true, where: `${file}:1`, value: { a: 1 } },
      { ok: true, where: `${file}:3`, value: { b: 2 } },
      { ok: true, where: `${file}:4`, value: [3] },
    ]);
  });

  it('turns a bad line into a located error and goes on reading', async () => {
    const { file, values } = await readAll('bad.jsonl', '{"a":1}\n{"a":\n{"c":3}');
    expect(values[1]).toEqual({ ok: false, where: `${file}:2`, error: expect.stringMatching(/^not valid JSON \(/) as string });
    expect(values[2]).toEqual({ ok: true, where: `${file}:3`, value: { c: 3 } });
  });

  it('reads gzip by its magic bytes, whatever the name', async () => {
    const { file, values } = await readAll('gzipped.txt', zlib.gzipSync('{"a":1}\n{"b":2}\n'));
    expect(values).toEqual([
      { ok: true, where: `${file}:1`, value: { a: 1 } },
      { ok: true, where: `${file}:2`, value: { b: 2 } },
    ]);
  });

  it('reports a corrupt gzip stream as an error instead of throwing', async () => {
    const gz = zlib.gzipSync('{"a":1}\n'.repeat(1000));
    const { values } = await readAll('corrupt.gz', Buffer.concat([gz.subarray(0, 20), Buffer.alloc(40, 0x55)]));
    expect(values.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/^could not read the file/) as string });
  });

  it('yields nothing for an empty file', async () => {
    expect((await readAll('empty.jsonl', '')).values).toEqual([]);
  });
});

describe('readRecords: a JSON document holding an array', () => {
  it('yields each element, located by its 1-based position', async () => {
    const { file, values } = await readAll('doc.json', '[\n  {"a": 1},\n  {"b": 2}\n]\n');
    expect(values).toEqual([
      { ok: true, where: `${file}: item 1`, value: { a: 1 }, inArray: true },
      { ok: true, where: `${file}: item 2`, value: { b: 2 }, inArray: true },
    ]);
  });

  it('skips leading blank lines and a byte order mark before the array', async () => {
    const { values } = await readAll('bom.json', '\uFEFF\n[{"a": 1}]');
    expect(values).toMatchObject([{ ok: true, value: { a: 1 } }]);
  });

  it('reports an array that does not parse as one error for the file', async () => {
    const { file, values } = await readAll('broken.json', '[{"a": 1},\n{"b": ');
    expect(values).toEqual([{ ok: false, where: file, error: expect.stringMatching(/^the file starts with "\[" but is not a valid JSON array/) as string }]);
  });
});
