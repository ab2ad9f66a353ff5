/**
 * Writes test/fixtures/onnx-tiny/: a tiny BERT-shaped sentence-embedding
 * model directory laid out like the usual Hugging Face / Optimum exports
 * (onnx/model.onnx, tokenizer.json, tokenizer_config.json, config.json), so the
 * ONNX embedder can be tested without downloading anything.
 *
 *   npx tsx scripts/make-tiny-onnx-model.ts [OUT_DIR]
 *
 * The "model" is one Gather over a hand-made embedding table:
 *   last_hidden_state[b, s, :] = word_embeddings[input_ids[b, s], :]
 *                              + token_type_embeddings[token_type_ids[b, s], :]
 * It takes the three BERT inputs (input_ids, attention_mask, token_type_ids;
 * int64, [batch, sequence]) and ignores the attention mask on purpose: masking
 * padding out is the pooling's job, and the [PAD] row is a large vector of its
 * own so a pooling that forgets the mask gives visibly different vectors.
 *
 * Words belong to topics (machine learning, biology, astronomy): each word's
 * row is its topic's unit direction plus a small word-specific offset, so
 * texts on one topic embed close together and texts on different topics far
 * apart. The table is deterministic (no randomness), so re-running the script
 * reproduces the fixture byte for byte.
 *
 * The ONNX file is written with a small protobuf encoder below (field numbers
 * from onnx/onnx.proto), so no ONNX tooling is needed. The helpers are exported
 * for tests that build deliberately broken models.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------
// Minimal protobuf writer (proto3 wire format) and the ONNX messages we need.

type Field = Uint8Array;

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

const intField = (no: number, value: number | bigint): Field =>
  Uint8Array.from([...varint(no << 3), ...varint(value)]);

const bytesField = (no: number, bytes: Uint8Array): Field =>
  concat([Uint8Array.from([...varint((no << 3) | 2), ...varint(bytes.length)]), bytes]);

const stringField = (no: number, s: string): Field => bytesField(no, new TextEncoder().encode(s));
const message = (no: number, fields: readonly Field[]): Field => bytesField(no, concat(fields));

/** ONNX TensorProto.DataType values */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** a dimension: a number is fixed, a string is symbolic ("batch") */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  elemType: number;
  shape: readonly Dim[];
}

export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** integer attributes only (e.g. Gather's axis) */
  intAttributes?: Record<string, number>;
}

export interface Initializer {
  name: string;
  dims: readonly number[];
  /** float32 or int64 constants */
  values: Float32Array | BigInt64Array;
}

export interface GraphSpec {
  name: string;
  nodes: readonly NodeSpec[];
  initializers: readonly Initializer[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  /** default opset 13 */
  opset?: number;
}

function valueInfo(no: number, v: ValueInfo): Field {
  // ValueInfoProto{name=1, type=2}; TypeProto{tensor_type=1};
  // TypeProto.Tensor{elem_type=1, shape=2}; TensorShapeProto{dim=1};
  // Dimension{dim_value=1, dim_param=2}
  const dims = v.shape.map((d) =>
    message(1, [typeof d === 'number' ? intField(1, d) : stringField(2, d)]),
  );
  const tensorType = message(1, [intField(1, v.elemType), message(2, dims)]);
  return message(no, [stringField(1, v.name), message(2, [tensorType])]);
}

function node(n: NodeSpec, index: number): Field {
  // NodeProto{input=1, output=2, name=3, op_type=4, attribute=5}
  // AttributeProto{name=1, i=3, type=20 (INT=2)}
  const attributes = Object.entries(n.intAttributes ?? {}).map(([name, i]) =>
    message(5, [stringField(1, name), intField(3, i), intField(20, 2)]),
  );
  return message(1, [
    ...n.inputs.map((i) => stringField(1, i)),
    ...n.outputs.map((o) => stringField(2, o)),
    stringField(3, `${n.op.toLowerCase()}_${index}`),
    stringField(4, n.op),
    ...attributes,
  ]);
}

function initializer(t: Initializer): Field {
  // TensorProto{dims=1, data_type=2, name=8, raw_data=9} (raw data is little-endian)
  const values = t.values;
  const raw = new Uint8Array(values.byteLength);
  const view = new DataView(raw.buffer);
  if (values instanceof Float32Array) values.forEach((x, i) => view.setFloat32(i * 4, x, true));
  else values.forEach((x, i) => view.setBigInt64(i * 8, x, true));
  return message(5, [
    ...t.dims.map((d) => intField(1, d)),
    intField(2, values instanceof Float32Array ? ONNX_FLOAT : ONNX_INT64),
    stringField(8, t.name),
    bytesField(9, raw),
  ]);
}

/** Serialises a ModelProto (IR version 8) holding the graph. */
export function encodeOnnxModel(g: GraphSpec): Uint8Array {
  // GraphProto{node=1, name=2, initializer=5, input=11, output=12}
  const graph = message(7, [
    ...g.nodes.map(node),
    stringField(2, g.name),
    ...g.initializers.map(initializer),
    ...g.inputs.map((v) => valueInfo(11, v)),
    ...g.outputs.map((v) => valueInfo(12, v)),
  ]);
  // ModelProto{ir_version=1, producer_name=2, graph=7, opset_import=8};
  // OperatorSetIdProto{domain=1, version=2}
  return concat([
    intField(1, 8),
    stringField(2, 'paperboy/scripts/make-tiny-onnx-model.ts'),
    graph,
    message(8, [stringField(1, ''), intField(2, g.opset ?? 13)]),
  ]);
}

// ---------------------------------------------------------------------------
// The tiny model.

export const TINY_DIMENSIONS = 16;
/** what config.json says; the embedder truncates to this many tokens */
export const TINY_MAX_LENGTH = 32;

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** topic index -> words; the topic picks the word's main direction */
const TOPICS: readonly (readonly string[])[] = [
  // 0: machine learning
  ['neural', 'network', 'networks', 'transformer', 'attention', 'learning', 'deep', 'training',
    'language', 'model', 'models', 'gradient', 'embedding', 'token', 'tokens'],
  // 1: biology
  ['protein', 'proteins', 'folding', 'cell', 'cells', 'gene', 'genes', 'molecule', 'molecular',
    'enzyme', 'dna', 'sequence', 'biology'],
  // 2: astronomy
  ['galaxy', 'galaxies', 'star', 'stars', 'telescope', 'cosmology', 'dark', 'matter', 'planet',
    'orbit', 'supernova', 'redshift'],
];
/** topic-free words: a small vector in the "general" directions */
const GENERAL = ['a', 'an', 'the', 'of', 'for', 'and', 'in', 'on', 'with', 'we', 'new', 'study',
  'method', 'results', 'show', 'using', 'large', 'small', 'fast'];
/** WordPiece continuation pieces, to exercise "##" splitting ("transformers" -> transformer ##s) */
const PIECES = ['##s', '##ing', '##ed', '.', ',', ':', '-', '(', ')'];

export function tinyVocabulary(): string[] {
  return [...SPECIAL, ...TOPICS.flat(), ...GENERAL, ...PIECES];
}

/** deterministic small offsets in [-0.5, 0.5) from the word's characters */
function offset(word: string, k: number): number {
  let h = 2166136261 ^ k;
  for (const ch of word) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return ((h >>> 0) % 1000) / 1000 - 0.5;
}

export function tinyEmbeddingTable(vocab: readonly string[]): Float32Array {
  const dim = TINY_DIMENSIONS;
  const table = new Float32Array(vocab.length * dim);
  vocab.forEach((word, row) => {
    const r = table.subarray(row * dim, (row + 1) * dim);
    const topic = TOPICS.findIndex((words) => words.includes(word));
    if (word === '[PAD]') {
      r.fill(0);
      r[dim - 1] = 25; // huge and off-topic: leaks show up if padding is not masked
    } else if (topic >= 0) {
      // dimensions 0..2 are the topic directions, 3..15 word detail
      r[topic] = 3;
      for (let k = 3; k < dim - 1; k++) r[k] = 0.6 * offset(word, k);
    } else {
      // general words, specials and pieces: weak, spread over the detail dims
      for (let k = 3; k < dim - 1; k++) r[k] = 0.3 * offset(word, k);
    }
  });
  return table;
}

export function tinyModelGraph(vocabSize: number, table: Float32Array): GraphSpec {
  const seq = (name: string): ValueInfo => ({ name, elemType: ONNX_INT64, shape: ['batch', 'sequence'] });
  // token type 0 adds nothing; type 1 would shift every vector (so feeding
  // anything but zeros is caught by the tests)
  const tokenTypes = new Float32Array(2 * TINY_DIMENSIONS);
  tokenTypes.fill(1, TINY_DIMENSIONS);
  return {
    name: 'tiny-bert',
    nodes: [
      { op: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['words'], intAttributes: { axis: 0 } },
      { op: 'Gather', inputs: ['token_type_embeddings', 'token_type_ids'], outputs: ['types'], intAttributes: { axis: 0 } },
      { op: 'Add', inputs: ['words', 'types'], outputs: ['last_hidden_state'] },
    ],
    initializers: [
      { name: 'word_embeddings', dims: [vocabSize, TINY_DIMENSIONS], values: table },
      { name: 'token_type_embeddings', dims: [2, TINY_DIMENSIONS], values: tokenTypes },
    ],
    inputs: [seq('input_ids'), seq('attention_mask'), seq('token_type_ids')],
    outputs: [{ name: 'last_hidden_state', elemType: ONNX_FLOAT, shape: ['batch', 'sequence', TINY_DIMENSIONS] }],
  };
}

/** a BERT-style WordPiece tokenizer.json (lowercasing, [CLS] … [SEP]) */
export function tinyTokenizerJson(vocab: readonly string[]): object {
  const ids = Object.fromEntries(vocab.map((w, i) => [w, i]));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content) => ({
      id: ids[content], content, single_word: false, lstrip: false, rstrip: false,
      normalized: false, special: true,
    })),
    normalizer: {
      type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true,
      strip_accents: null, lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##',
      max_input_chars_per_word: 100, vocab: ids,
    },
  };
}

export function writeTinyModel(outDir: string): void {
  const vocab = tinyVocabulary();
  const table = tinyEmbeddingTable(vocab);
  mkdirSync(join(outDir, 'onnx'), { recursive: true });
  writeFileSync(join(outDir, 'onnx', 'model.onnx'), encodeOnnxModel(tinyModelGraph(vocab.length, table)));
  const json = (name: string, value: unknown): void =>
    writeFileSync(join(outDir, name), JSON.stringify(value, null, 2) + '\n');
  json('tokenizer.json', tinyTokenizerJson(vocab));
  json('tokenizer_config.json', {
    tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: TINY_MAX_LENGTH,
    cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
  });
  json('config.json', {
    architectures: ['BertModel'], model_type: 'bert', hidden_size: TINY_DIMENSIONS,
    max_position_embeddings: TINY_MAX_LENGTH, vocab_size: vocab.length, pad_token_id: 0,
    type_vocab_size: 2, _comment: 'tiny test fixture made by scripts/make-tiny-onnx-model.ts; not a real model',
  });
  writeFileSync(
    join(outDir, 'README.md'),
    '# onnx-tiny\n\nA tiny BERT-shaped ONNX "sentence-embedding model" for tests: one Gather over a\n' +
      'hand-made embedding table whose words belong to three topics (machine learning, biology,\n' +
      'astronomy). Not a real model. Regenerate with `npx tsx scripts/make-tiny-onnx-model.ts`.\n',
  );
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = resolve(process.argv[2] ?? join(here, '..', 'test', 'fixtures', 'onnx-tiny'));
  writeTinyModel(out);
  console.log(`wrote ${out}`);
}
