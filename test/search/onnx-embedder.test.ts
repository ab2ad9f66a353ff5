import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { dot } from '../../src/search/embedder.ts';
import { loadOnnxEmbedder, type OnnxEmbedder } from '../../src/search/onnx-embedder.ts';
import {
  encodeOnnxModel,
  ONNX_FLOAT,
  ONNX_INT64,
  TINY_DIMENSIONS,
  tinyEmbeddingTable,
  tinyModelGraph,
  tinyVocabulary,
  type GraphSpec,
} from '../../scripts/make-tiny-onnx-model.ts';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'onnx-tiny');
const vocab = tinyVocabulary();
const table = tinyEmbeddingTable(vocab);

/** what mean pooling of these tokens must give, straight from the embedding table */
function expectedMean(tokens: readonly string[]): Float32Array {
  const v = new Float32Array(TINY_DIMENSIONS);
  for (const t of tokens) {
    const row = vocab.indexOf(t);
    expect(row, `token ${t} in the fixture vocabulary`).toBeGreaterThanOrEqual(0);
    for (let k = 0; k < TINY_DIMENSIONS; k++) v[k]! += table[row * TINY_DIMENSIONS + k]! / tokens.length;
  }
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function expectSameVector(a: Float32Array, b: Float32Array, tolerance = 1e-5): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tolerance);
}

async function expectConfigError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('config');
  expect((err as AppError).message).toMatch(message);
}

let scratch: string;
let embedder: OnnxEmbedder;

/** a copy of the fixture to spoil */
function fixtureCopy(name: string): string {
  const dir = join(scratch, name);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'paperboy-onnx-'));
  embedder = await loadOnnxEmbedder(FIXTURE);
});

afterAll(async () => {
  await embedder?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('loading a model directory', () => {
  it('reads the fixture: name from the directory, dimensions from the model, limits from config', () => {
    expect(embedder.name).toBe('onnx:onnx-tiny');
    expect(embedder.dimensions).toBe(TINY_DIMENSIONS);
    expect(embedder.maxLength).toBe(32);
    expect(embedder.pooling).toBe('mean');
    expect(embedder.modelPath).toBe(join(FIXTURE, 'onnx', 'model.onnx'));
  });

  it('also finds model.onnx at the top of the directory', async () => {
    const dir = fixtureCopy('top-level');
    cpSync(join(dir, 'onnx', 'model.onnx'), join(dir, 'model.onnx'));
    rmSync(join(dir, 'onnx'), { recursive: true });
    const e = await loadOnnxEmbedder(dir);
    expect(e.modelPath).toBe(join(dir, 'model.onnx'));
    expectSameVector(await e.embedQuery('deep learning'), await embedder.embedQuery('deep learning'));
    await e.close();
  });
});

describe('vectors', () => {
  it('are L2-normalised and have the model dimensions', async () => {
    const docs = await embedder.embedDocuments([
      { title: 'Attention is all you need', abstract: 'A transformer model for language.' },
      { title: 'Protein folding', abstract: '' },
    ]);
    for (const v of [...docs, await embedder.embedQuery('galaxies and dark matter')]) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(TINY_DIMENSIONS);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
  });

  it('are the attention-masked mean of the token vectors ([CLS] and [SEP] included, token type 0)', async () => {
    expectSameVector(await embedder.embedQuery('Neural network'), expectedMean(['[CLS]', 'neural', 'network', '[SEP]']));
    // WordPiece split: "transformers" -> transformer ##s
    expectSameVector(
      await embedder.embedQuery('transformers'),
      expectedMean(['[CLS]', 'transformer', '##s', '[SEP]']),
    );
  });

  it('embed a document as "title. abstract"', async () => {
    const [doc] = await embedder.embedDocuments([{ title: 'Deep learning', abstract: 'Gradient training of models' }]);
    expectSameVector(doc!, await embedder.embedQuery('Deep learning. Gradient training of models'));
  });

  it('do not change when padding is added: a short text batched with a long one', async () => {
    const short = { title: 'cell', abstract: 'gene' };
    const long = { title: 'Large language models', abstract: 'deep neural network training with attention and tokens' };
    const [alone] = await embedder.embedDocuments([short]);
    const [padded, other] = await embedder.embedDocuments([short, long]);
    expectSameVector(padded!, alone!);
    expectSameVector(padded!, expectedMean(['[CLS]', 'cell', '.', 'gene', '[SEP]']));
    expect(dot(padded!, other!)).toBeLessThan(0.9);
  });

  it('are the same whatever the batch size, and come back in input order', async () => {
    const docs = [
      { title: 'Galaxies', abstract: 'redshift of distant galaxies with a large telescope and dark matter' },
      { title: 'Enzyme', abstract: 'dna' },
      { title: 'Attention', abstract: 'a transformer for language models using tokens' },
      { title: 'Supernova', abstract: '' },
      { title: 'Protein folding', abstract: 'molecular biology of cells, genes and proteins' },
    ];
    const one = await loadOnnxEmbedder(FIXTURE, { batchSize: 1 });
    const two = await loadOnnxEmbedder(FIXTURE, { batchSize: 2 });
    const byOne = await one.embedDocuments(docs);
    const byTwo = await two.embedDocuments(docs);
    const all = await embedder.embedDocuments(docs);
    for (let i = 0; i < docs.length; i++) {
      expectSameVector(byTwo[i]!, byOne[i]!);
      expectSameVector(all[i]!, byOne[i]!);
      expectSameVector(all[i]!, await embedder.embedQuery(`${docs[i]!.title}. ${docs[i]!.abstract}`));
    }
    await Promise.all([one.close(), two.close()]);
  });

  it('put texts on one topic closer together than texts on different topics', async () => {
    const [ml, bio, astro] = await embedder.embedDocuments([
      { title: 'Attention in transformer networks', abstract: 'We study deep learning of language models.' },
      { title: 'Protein folding', abstract: 'Molecular biology of enzyme and gene sequences in cells.' },
      { title: 'Dark matter', abstract: 'Galaxy redshift from a new telescope survey of stars.' },
    ]);
    const query = await embedder.embedQuery('neural network training');
    expect(dot(query, ml!)).toBeGreaterThan(dot(query, bio!) + 0.3);
    expect(dot(query, ml!)).toBeGreaterThan(dot(query, astro!) + 0.3);
    const bioQuery = await embedder.embedQuery('proteins and genes');
    expect(dot(bioQuery, bio!)).toBeGreaterThan(dot(bioQuery, ml!) + 0.3);
  });

  it('embed an empty batch as no vectors', async () => {
    expect(await embedder.embedDocuments([])).toEqual([]);
  });
});

describe('truncation', () => {
  it('keeps the first max-length tokens (with the closing [SEP]) of a long text', async () => {
    const ml = Array.from({ length: 30 }, (_, i) => ['neural', 'network', 'deep', 'learning'][i % 4]!);
    const astro = Array.from({ length: 20 }, () => 'galaxy');
    const long = await embedder.embedQuery([...ml, ...astro].join(' '));
    // 32 tokens = [CLS] + 30 words + [SEP]; the galaxies fall off the end
    expectSameVector(long, await embedder.embedQuery(ml.join(' ')));
    expectSameVector(long, expectedMean(['[CLS]', ...ml, '[SEP]']));
  });

  it('honours a smaller maxLength option', async () => {
    const e = await loadOnnxEmbedder(FIXTURE, { maxLength: 4 });
    expect(e.maxLength).toBe(4);
    expectSameVector(
      await e.embedQuery('neural network protein galaxy'),
      expectedMean(['[CLS]', 'neural', 'network', '[SEP]']),
    );
    await e.close();
  });
});

describe('model directory settings', () => {
  it('uses CLS pooling when 1_Pooling/config.json asks for it', async () => {
    const dir = fixtureCopy('cls-pooling');
    mkdirSync(join(dir, '1_Pooling'));
    writeFileSync(
      join(dir, '1_Pooling', 'config.json'),
      JSON.stringify({ word_embedding_dimension: 16, pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }),
    );
    const e = await loadOnnxEmbedder(dir);
    expect(e.pooling).toBe('cls');
    expectSameVector(await e.embedQuery('protein'), expectedMean(['[CLS]']));
    await e.close();
  });

  it('refuses a pooling mode it does not implement', async () => {
    const dir = fixtureCopy('max-pooling');
    mkdirSync(join(dir, '1_Pooling'));
    writeFileSync(join(dir, '1_Pooling', 'config.json'), JSON.stringify({ pooling_mode_max_tokens: true }));
    await expectConfigError(loadOnnxEmbedder(dir), /pooling_mode_max_tokens.*only mean and CLS/);
  });

  it('prepends the query and document prompts of config_sentence_transformers.json', async () => {
    const dir = fixtureCopy('prompts');
    writeFileSync(
      join(dir, 'config_sentence_transformers.json'),
      JSON.stringify({ prompts: { query: 'galaxy ', document: 'protein ' } }),
    );
    const e = await loadOnnxEmbedder(dir);
    expectSameVector(await e.embedQuery('deep learning'), await embedder.embedQuery('galaxy deep learning'));
    const [doc] = await e.embedDocuments([{ title: 'cell', abstract: 'gene' }]);
    expectSameVector(doc!, await embedder.embedQuery('protein cell. gene'));
    await e.close();
  });

  it('uses a model-provided sentence_embedding output as is', async () => {
    const dir = fixtureCopy('pooled-output');
    const graph = tinyModelGraph(vocab.length, table);
    // sentence_embedding = the [CLS] position of the token output
    const pooled: GraphSpec = {
      ...graph,
      nodes: [
        ...graph.nodes,
        { op: 'Gather', inputs: ['last_hidden_state', 'first'], outputs: ['sentence_embedding'], intAttributes: { axis: 1 } },
      ],
      initializers: [...graph.initializers, { name: 'first', dims: [], values: BigInt64Array.of(0n) }],
      outputs: [
        ...graph.outputs,
        { name: 'sentence_embedding', elemType: ONNX_FLOAT, shape: ['batch', TINY_DIMENSIONS] },
      ],
    };
    writeFileSync(join(dir, 'onnx', 'model.onnx'), encodeOnnxModel(pooled));
    const e = await loadOnnxEmbedder(dir);
    expect(e.pooling).toBe('model');
    expectSameVector(await e.embedQuery('galaxy stars'), expectedMean(['[CLS]']));
    await e.close();
  });
});

describe('errors', () => {
  it('names a directory that does not exist', async () => {
    await expectConfigError(loadOnnxEmbedder(join(scratch, 'nope')), /does not exist/);
  });

  it('names the missing model file', async () => {
    const dir = fixtureCopy('no-model');
    rmSync(join(dir, 'onnx'), { recursive: true });
    await expectConfigError(loadOnnxEmbedder(dir), /has no model\.onnx or onnx\/model\.onnx/);
    await expectConfigError(loadOnnxEmbedder(dir, { modelFile: 'onnx/model_quantized.onnx' }), /model_quantized\.onnx/);
  });

  it('names the missing tokenizer.json', async () => {
    const dir = fixtureCopy('no-tokenizer');
    rmSync(join(dir, 'tokenizer.json'));
    await expectConfigError(loadOnnxEmbedder(dir), /has no tokenizer\.json/);
  });

  it('says which JSON file is broken', async () => {
    const dir = fixtureCopy('bad-json');
    writeFileSync(join(dir, 'config.json'), '{ "hidden_size": ');
    await expectConfigError(loadOnnxEmbedder(dir), /config\.json is not valid JSON/);
  });

  it('says when the model file is not an ONNX model', async () => {
    const dir = fixtureCopy('not-onnx');
    writeFileSync(join(dir, 'onnx', 'model.onnx'), 'this is not protobuf');
    await expectConfigError(loadOnnxEmbedder(dir), /not a model onnxruntime can load/);
  });

  it('lists the outputs when none is a token or sentence embedding', async () => {
    const dir = fixtureCopy('odd-outputs');
    const graph = tinyModelGraph(vocab.length, table);
    const odd: GraphSpec = {
      ...graph,
      nodes: [
        ...graph.nodes,
        { op: 'Identity', inputs: ['last_hidden_state'], outputs: ['logits'] },
        { op: 'Identity', inputs: ['last_hidden_state'], outputs: ['hidden'] },
      ],
      outputs: [
        { name: 'logits', elemType: ONNX_FLOAT, shape: ['batch', 'sequence', TINY_DIMENSIONS] },
        { name: 'hidden', elemType: ONNX_FLOAT, shape: ['batch', 'sequence', TINY_DIMENSIONS] },
      ],
    };
    writeFileSync(join(dir, 'onnx', 'model.onnx'), encodeOnnxModel(odd));
    await expectConfigError(loadOnnxEmbedder(dir), /outputs \[logits, hidden\].*sentence_embedding, last_hidden_state/);
  });

  it('refuses a model that takes no input_ids', async () => {
    const dir = fixtureCopy('no-input-ids');
    const graph = tinyModelGraph(vocab.length, table);
    const renamed: GraphSpec = {
      ...graph,
      nodes: graph.nodes.map((n) => ({ ...n, inputs: n.inputs.map((i) => (i === 'input_ids' ? 'pixel_values' : i)) })),
      inputs: graph.inputs.map((i) => (i.name === 'input_ids' ? { ...i, name: 'pixel_values', elemType: ONNX_INT64 } : i)),
    };
    writeFileSync(join(dir, 'onnx', 'model.onnx'), encodeOnnxModel(renamed));
    await expectConfigError(loadOnnxEmbedder(dir), /needs "input_ids"/);
  });

  it('rejects a batch size that is not a positive integer', async () => {
    await expectConfigError(loadOnnxEmbedder(FIXTURE, { batchSize: 0 }), /batch size/);
  });
});
