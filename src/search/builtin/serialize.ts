/**
 * Binary model file: "PBEMB1\n", a little-endian u32 header length, a JSON
 * header (shapes, weights, info), then 4-byte-aligned sections: vocabulary
 * (UTF-8, '\n'-joined), unigram idf (f32), bucket idf (f32), and for each of
 * lsa and contrastive: row scales (f32) then int8 data.
 */
import { createHash } from 'node:crypto';
import type { BuiltinModel, QuantizedMatrix } from './model.ts';
import type { Vocabulary } from './vocabulary.ts';

const MAGIC = 'PBEMB1\n';

interface Header {
  version: 1;
  terms: number;
  vocabBytes: number;
  buckets: number;
  documents: number;
  lsa: { rows: number; cols: number };
  contrastive: { rows: number; cols: number };
  lsaWeight: number;
  info: BuiltinModel['info'];
}

const pad4 = (n: number) => (n + 3) & ~3;

export function serializeBuiltinModel(model: BuiltinModel): Uint8Array {
  const vocabBytes = new TextEncoder().encode(model.vocab.terms.join('\n'));
  const header: Header = {
    version: 1,
    terms: model.vocab.terms.length,
    vocabBytes: vocabBytes.length,
    buckets: model.vocab.buckets,
    documents: model.vocab.documents,
    lsa: { rows: model.lsa.rows, cols: model.lsa.cols },
    contrastive: { rows: model.contrastive.rows, cols: model.contrastive.cols },
    lsaWeight: model.lsaWeight,
    info: model.info,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const sections: Uint8Array[] = [
    vocabBytes,
    bytesOf(model.vocab.idf),
    bytesOf(model.vocab.bucketIdf),
    bytesOf(model.lsa.scales),
    bytesOf(model.lsa.data),
    bytesOf(model.contrastive.scales),
    bytesOf(model.contrastive.data),
  ];
  const start = pad4(MAGIC.length + 4 + headerBytes.length);
  let size = start;
  for (const s of sections) size += pad4(s.length);
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  let offset = start;
  for (const s of sections) {
    out.set(s, offset);
    offset += pad4(s.length);
  }
  return out;
}

function bytesOf(a: Float32Array | Int8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function deserializeBuiltinModel(bytes: Uint8Array): BuiltinModel {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error('not a Paperboy built-in embedder model (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength))) as Header;
  if (header.version !== 1) throw new Error(`unsupported built-in model version ${String(header.version)}`);
  let offset = pad4(MAGIC.length + 4 + headerLength);
  // copy each section so the typed arrays are aligned and own their memory
  const take = (length: number): Uint8Array => {
    if (offset + length > bytes.length) throw new Error('built-in embedder model file is truncated');
    // copy (not a view): Buffer#slice would share, and .buffer would be the whole file
    const s = new Uint8Array(length);
    s.set(bytes.subarray(offset, offset + length));
    offset += pad4(length);
    return s;
  };
  const f32 = (count: number) => new Float32Array(take(count * 4).buffer);
  const i8 = (count: number) => new Int8Array(take(count).buffer);
  const text = new TextDecoder().decode(take(header.vocabBytes));
  const terms = header.terms === 0 ? [] : text.split('\n');
  if (terms.length !== header.terms) throw new Error('built-in embedder model file has a corrupt vocabulary');
  const index = new Map<string, number>();
  terms.forEach((t, i) => index.set(t, i));
  const idf = f32(header.terms);
  const bucketIdf = f32(header.buckets);
  const matrix = (shape: { rows: number; cols: number }): QuantizedMatrix => {
    const scales = f32(shape.rows);
    const data = i8(shape.rows * shape.cols);
    return { rows: shape.rows, cols: shape.cols, scales, data };
  };
  const lsa = matrix(header.lsa);
  const contrastive = matrix(header.contrastive);
  const vocab: Vocabulary = { terms, index, idf, buckets: header.buckets, bucketIdf, documents: header.documents };
  return { version: 1, vocab, lsa, contrastive, lsaWeight: header.lsaWeight, info: header.info };
}

const fingerprints = new WeakMap<BuiltinModel, string>();

/** 12 hex digits of a hash over the model's parameters (not its training info). */
export function builtinModelFingerprint(model: BuiltinModel): string {
  let f = fingerprints.get(model);
  if (!f) {
    const h = createHash('sha256');
    h.update(model.vocab.terms.join('\n'));
    for (const a of [model.vocab.idf, model.vocab.bucketIdf, model.lsa.scales, model.lsa.data, model.contrastive.scales, model.contrastive.data]) {
      h.update(bytesOf(a));
    }
    h.update(String(model.lsaWeight));
    f = h.digest('hex').slice(0, 12);
    fingerprints.set(model, f);
  }
  return f;
}
