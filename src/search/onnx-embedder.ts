/**
 * An Embedder backed by a local ONNX sentence-embedding model directory, as
 * the usual exports lay it out (Hugging Face Optimum, sentence-transformers
 * `export_onnx`, the transformers.js model repos):
 *
 *   DIR/model.onnx  or  DIR/onnx/model.onnx   the graph (or options.modelFile)
 *   DIR/tokenizer.json                        a "fast" tokenizer (WordPiece, BPE, Unigram)
 *   DIR/tokenizer_config.json                 optional: model_max_length, pad token
 *   DIR/config.json                           optional: max_position_embeddings, pad_token_id
 *   DIR/1_Pooling/config.json                 optional: sentence-transformers pooling mode
 *   DIR/sentence_bert_config.json             optional: max_seq_length
 *   DIR/config_sentence_transformers.json     optional: prompts.query / prompts.document
 *
 * Texts are tokenised with @huggingface/tokenizers (pure JS, reads only the
 * local files), truncated to the model's maximum length (keeping the closing
 * special token), padded per batch, run with onnxruntime-node on the CPU, then
 * pooled and L2-normalised:
 *  - a `sentence_embedding` output (sentence-transformers exports) is used as is;
 *  - otherwise the token output (`last_hidden_state` / `token_embeddings`, or the
 *    only output) is mean-pooled over the attention mask, or CLS-pooled when
 *    1_Pooling/config.json (or options.pooling) says so (e.g. the BGE family).
 *
 * A document's text is `title + ". " + abstract`. Documents are batched
 * (options.batchSize, default 16) after sorting by length, so little padding is
 * run; vectors come back in input order and do not depend on the batching.
 *
 * onnxruntime-node and the tokenizer are imported lazily, so importing this
 * module costs nothing for instances that use another embedder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { InferenceSession, Tensor, TypedTensor } from 'onnxruntime-node';
import type { Tokenizer } from '@huggingface/tokenizers';
import { AppError } from '../domain/errors.ts';
import { l2normalize, type Embedder, type EmbeddingInput } from './embedder.ts';

export type OnnxPooling = 'mean' | 'cls';

export interface OnnxEmbedderOptions {
  /** documents per model run; default 16 */
  readonly batchSize?: number;
  /** tokens per text, special tokens included; default from the model directory (else 512) */
  readonly maxLength?: number;
  /** override the pooling; default from 1_Pooling/config.json, else mean */
  readonly pooling?: OnnxPooling;
  /** model file relative to DIR, e.g. "onnx/model_quantized.onnx"; default model.onnx or onnx/model.onnx */
  readonly modelFile?: string;
  /** prepended to queries (E5: "query: ", BGE: an instruction); default from config_sentence_transformers.json */
  readonly queryPrefix?: string;
  /** prepended to documents (E5: "passage: "); default from config_sentence_transformers.json */
  readonly documentPrefix?: string;
  /** CPU threads for one model run; default onnxruntime's choice */
  readonly threads?: number;
}

export interface OnnxEmbedder extends Embedder {
  readonly modelPath: string;
  readonly maxLength: number;
  /** how token vectors become one vector: a model-provided pooled output, mean or CLS */
  readonly pooling: OnnxPooling | 'model';
  /** frees the native session; the embedder must not be used afterwards */
  close(): Promise<void>;
}

type OrtModule = typeof import('onnxruntime-node');
type IdType = 'int64' | 'int32';

const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'];
const POOLED_OUTPUT = 'sentence_embedding';
const SUPPORTED_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'];

const configError = (message: string): AppError => new AppError('config', message);

export async function loadOnnxEmbedder(dir: string, options: OnnxEmbedderOptions = {}): Promise<OnnxEmbedder> {
  const root = resolve(dir);
  const where = `ONNX model directory ${root}`;
  if (!existsSync(root)) throw configError(`${where} does not exist`);

  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw configError(`ONNX embedder batch size must be a positive integer, got ${batchSize}`);
  }

  const modelPath = findModelFile(root, options.modelFile, where);
  if (!existsSync(join(root, 'tokenizer.json'))) {
    throw configError(
      `${where} has no tokenizer.json; export the model with its "fast" tokenizer ` +
        `(a vocab.txt or sentencepiece file alone is not enough)`,
    );
  }
  const tokenizerJson = readJson(root, 'tokenizer.json', where) as Record<string, unknown>;
  const tokenizerConfig = (readJson(root, 'tokenizer_config.json', where) ?? {}) as Record<string, unknown>;
  const modelConfig = (readJson(root, 'config.json', where) ?? {}) as Record<string, unknown>;
  const poolingConfig = readJson(root, join('1_Pooling', 'config.json'), where) as Record<string, unknown> | undefined;
  const sbertConfig = readJson(root, 'sentence_bert_config.json', where) as Record<string, unknown> | undefined;
  const stConfig = readJson(root, 'config_sentence_transformers.json', where) as Record<string, unknown> | undefined;

  const maxLength = options.maxLength ?? modelMaxLength(tokenizerConfig, modelConfig, sbertConfig);
  if (!Number.isInteger(maxLength) || maxLength < 2) {
    throw configError(`ONNX embedder max length must be an integer of at least 2, got ${maxLength}`);
  }
  const prompts = (stConfig?.prompts ?? {}) as Record<string, unknown>;
  const queryPrefix = options.queryPrefix ?? stringOr(prompts.query, '');
  const documentPrefix = options.documentPrefix ?? stringOr(prompts.document ?? prompts.passage, '');

  const [ort, TokenizerClass] = await Promise.all([importOrt(), importTokenizer()]);
  let tokenizer: Tokenizer;
  try {
    tokenizer = new TokenizerClass(tokenizerJson, tokenizerConfig);
  } catch (err) {
    throw configError(`${where}: tokenizer.json could not be loaded: ${messageOf(err)}`);
  }

  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
    });
  } catch (err) {
    throw configError(`${modelPath} is not a model onnxruntime can load: ${messageOf(err)}`);
  }

  try {
    return await prepare(session);
  } catch (err) {
    await session.release().catch(() => undefined);
    throw err;
  }

  async function prepare(session: InferenceSession): Promise<OnnxEmbedder> {
    const inputs = describeInputs(session, modelPath);
    const output = chooseOutput(session, modelPath);
    const pooling: OnnxPooling | 'model' =
      options.pooling ?? (output.pooled ? 'model' : poolingFromConfig(poolingConfig, where));
    if (pooling !== 'model' && output.pooled) {
      throw configError(
        `${modelPath} only gives a pooled "${output.name}" output, so pooling "${pooling}" cannot be applied`,
      );
    }

    const padId = findPadId(tokenizer, tokenizerJson, tokenizerConfig, modelConfig);
    const specials = specialTokenLayout(tokenizer);

    const encode = (text: string): number[] => {
      const ids = tokenizer.encode(text).ids;
      if (ids.length <= maxLength) return ids;
      // keep the leading specials and the first words, then the closing specials
      const keep = Math.max(maxLength - specials.suffix, 1);
      return [...ids.slice(0, keep), ...ids.slice(ids.length - specials.suffix)].slice(0, maxLength);
    };

    const runBatch = async (batch: readonly number[][]): Promise<Float32Array[]> => {
      const rows = batch.length;
      const width = Math.max(...batch.map((ids) => ids.length));
      const make = (fill: (row: number, col: number, ids: number[]) => number) =>
        (type: IdType): Tensor => {
          const data = type === 'int64' ? new BigInt64Array(rows * width) : new Int32Array(rows * width);
          batch.forEach((ids, r) => {
            for (let c = 0; c < width; c++) {
              const v = fill(r, c, ids);
              if (data instanceof BigInt64Array) data[r * width + c] = BigInt(v);
              else data[r * width + c] = v;
            }
          });
          return new ort.Tensor(type, data, [rows, width]);
        };
      const builders: Record<string, (type: IdType) => Tensor> = {
        input_ids: make((_r, c, ids) => (c < ids.length ? ids[c]! : padId)),
        attention_mask: make((_r, c, ids) => (c < ids.length ? 1 : 0)),
        token_type_ids: make(() => 0),
        position_ids: make((_r, c) => c),
      };
      const feeds: Record<string, Tensor> = {};
      for (const input of inputs) feeds[input.name] = builders[input.name]!(input.type);

      let result: InferenceSession.ReturnType;
      try {
        result = await session.run(feeds);
      } catch (err) {
        throw new AppError('internal', `ONNX model ${modelPath} failed to run: ${messageOf(err)}`);
      }
      const tensor = result[output.name] as TypedTensor<'float32'> | undefined;
      if (!tensor || tensor.type !== 'float32') {
        throw new AppError('internal', `ONNX model ${modelPath} gave no float32 "${output.name}" output`);
      }
      return pool(tensor, batch, pooling, modelPath);
    };

    const embedTexts = async (texts: readonly string[]): Promise<Float32Array[]> => {
      const encoded = texts.map(encode);
      // shortest first: batches of similar length carry little padding
      const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
      const out = new Array<Float32Array>(texts.length);
      for (let start = 0; start < order.length; start += batchSize) {
        const indices = order.slice(start, start + batchSize);
        const vectors = await runBatch(indices.map((i) => encoded[i]!));
        indices.forEach((i, k) => (out[i] = vectors[k]!));
      }
      return out;
    };

    // one run now: proves the model works end to end and tells the dimensions
    const [probe] = await embedTexts(['dimension probe']);
    const dimensions = probe!.length;
    if (dimensions === 0) throw configError(`${modelPath} produced empty vectors`);

    const checked = (vectors: Float32Array[]): Float32Array[] => {
      for (const v of vectors) {
        if (v.length !== dimensions) {
          throw new AppError('internal', `ONNX model ${modelPath} gave a ${v.length}-dimensional vector, expected ${dimensions}`);
        }
      }
      return vectors;
    };

    return {
      name: `onnx:${basename(root)}`,
      dimensions,
      modelPath,
      maxLength,
      pooling,
      async embedDocuments(docs: readonly EmbeddingInput[]): Promise<Float32Array[]> {
        if (docs.length === 0) return [];
        return checked(await embedTexts(docs.map((d) => documentPrefix + documentText(d))));
      },
      async embedQuery(query: string): Promise<Float32Array> {
        return checked(await embedTexts([queryPrefix + query]))[0]!;
      },
      async close(): Promise<void> {
        await session.release();
      },
    };
  }
}

/** the text a document is embedded as */
export function documentText(doc: EmbeddingInput): string {
  return `${doc.title}. ${doc.abstract}`;
}

function findModelFile(root: string, modelFile: string | undefined, where: string): string {
  const candidates = modelFile ? [modelFile] : ['model.onnx', join('onnx', 'model.onnx')];
  for (const c of candidates) {
    const p = join(root, c);
    if (existsSync(p)) return p;
  }
  throw configError(`${where} has no ${candidates.join(' or ')}`);
}

function readJson(root: string, file: string, where: string): unknown {
  const path = join(root, file);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw configError(`${where}: ${file} is not valid JSON: ${messageOf(err)}`);
  }
}

function modelMaxLength(
  tokenizerConfig: Record<string, unknown>,
  modelConfig: Record<string, unknown>,
  sbertConfig: Record<string, unknown> | undefined,
): number {
  const candidates: number[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'number' && Number.isInteger(v) && v > 1 && v < 1_000_000) candidates.push(v);
  };
  add(sbertConfig?.max_seq_length);
  add(tokenizerConfig.model_max_length); // often a huge "no limit" placeholder, skipped above
  const positions = modelConfig.max_position_embeddings;
  if (typeof positions === 'number') {
    // RoBERTa-style models reserve two positions for the padding offset
    const roberta = /roberta|camembert|xlm/i.test(String(modelConfig.model_type ?? ''));
    add(roberta ? positions - 2 : positions);
  }
  return candidates.length > 0 ? Math.min(...candidates) : 512;
}

function poolingFromConfig(config: Record<string, unknown> | undefined, where: string): OnnxPooling {
  if (!config) return 'mean';
  if (config.pooling_mode_cls_token === true) return 'cls';
  if (config.pooling_mode_mean_tokens === true) return 'mean';
  const modes = Object.entries(config)
    .filter(([k, v]) => k.startsWith('pooling_mode') && v === true)
    .map(([k]) => k);
  throw configError(
    `${where}: 1_Pooling/config.json asks for ${modes.join(', ') || 'no pooling'}; ` +
      `only mean and CLS pooling are supported (set the pooling option to override)`,
  );
}

function describeInputs(session: InferenceSession, modelPath: string): { name: string; type: IdType }[] {
  if (!session.inputNames.includes('input_ids')) {
    throw configError(
      `${modelPath} has inputs [${session.inputNames.join(', ')}]; a text-embedding model needs "input_ids"`,
    );
  }
  return session.inputNames.map((name, i) => {
    if (!SUPPORTED_INPUTS.includes(name)) {
      throw configError(
        `${modelPath} wants an input "${name}" this embedder cannot provide (it provides ${SUPPORTED_INPUTS.join(', ')})`,
      );
    }
    const meta = session.inputMetadata?.[i];
    const type = meta && meta.isTensor ? meta.type : 'int64';
    if (type !== 'int64' && type !== 'int32') {
      throw configError(`${modelPath}: input "${name}" has type ${type}; expected int64 or int32`);
    }
    return { name, type };
  });
}

function chooseOutput(session: InferenceSession, modelPath: string): { name: string; pooled: boolean } {
  const names = session.outputNames;
  const rankOf = (name: string): number | undefined => {
    const meta = session.outputMetadata?.[names.indexOf(name)];
    return meta && meta.isTensor && meta.shape.length > 0 ? meta.shape.length : undefined;
  };
  if (names.includes(POOLED_OUTPUT)) return { name: POOLED_OUTPUT, pooled: true };
  const token = TOKEN_OUTPUTS.find((n) => names.includes(n));
  if (token) return { name: token, pooled: false };
  if (names.length === 1) {
    const only = names[0]!;
    const rank = rankOf(only);
    if (rank === 3 || rank === undefined) return { name: only, pooled: false };
    if (rank === 2) return { name: only, pooled: true };
    throw configError(`${modelPath}: its only output "${only}" has rank ${rank}; expected [batch, sequence, hidden] or [batch, hidden]`);
  }
  throw configError(
    `${modelPath} has outputs [${names.join(', ')}]; expected one named ` +
      `${[POOLED_OUTPUT, ...TOKEN_OUTPUTS].join(', ')}, or a single output`,
  );
}

function pool(
  tensor: TypedTensor<'float32'>,
  batch: readonly number[][],
  pooling: OnnxPooling | 'model',
  modelPath: string,
): Float32Array[] {
  const dims = tensor.dims;
  const data = tensor.data;
  const rows = batch.length;
  const width = Math.max(...batch.map((ids) => ids.length));
  const unexpected = (expected: string): AppError =>
    new AppError('internal', `ONNX model ${modelPath} output has shape [${dims.join(', ')}], expected ${expected}`);

  if (pooling === 'model') {
    if (dims.length !== 2 || dims[0] !== rows) throw unexpected(`[${rows}, hidden]`);
    const hidden = dims[1]!;
    return batch.map((_, r) => l2normalize(Float32Array.from(data.subarray(r * hidden, (r + 1) * hidden))));
  }
  if (dims.length !== 3 || dims[0] !== rows || dims[1] !== width) throw unexpected(`[${rows}, ${width}, hidden]`);
  const hidden = dims[2]!;
  return batch.map((ids, r) => {
    const base = r * width * hidden;
    if (pooling === 'cls') return l2normalize(Float32Array.from(data.subarray(base, base + hidden)));
    // mean over the real tokens only: padding (mask 0) never counts
    const sum = new Float64Array(hidden);
    for (let t = 0; t < ids.length; t++) {
      const off = base + t * hidden;
      for (let k = 0; k < hidden; k++) sum[k]! += data[off + k]!;
    }
    const v = new Float32Array(hidden);
    for (let k = 0; k < hidden; k++) v[k] = sum[k]! / Math.max(ids.length, 1);
    return l2normalize(v);
  });
}

function findPadId(
  tokenizer: Tokenizer,
  tokenizerJson: Record<string, unknown>,
  tokenizerConfig: Record<string, unknown>,
  modelConfig: Record<string, unknown>,
): number {
  const padding = tokenizerJson.padding as { pad_id?: unknown } | null | undefined;
  if (typeof padding?.pad_id === 'number') return padding.pad_id;
  const padToken = tokenizerConfig.pad_token;
  const padName = typeof padToken === 'string' ? padToken : (padToken as { content?: unknown } | undefined)?.content;
  if (typeof padName === 'string') {
    const id = tokenizer.token_to_id(padName);
    if (id !== undefined) return id;
  }
  if (typeof modelConfig.pad_token_id === 'number') return modelConfig.pad_token_id;
  // padded positions are masked out of the pooling, so any valid id does
  return 0;
}

/** how many special tokens the tokenizer puts after the text ([SEP], </s>) */
function specialTokenLayout(tokenizer: Tokenizer): { suffix: number } {
  const probe = 'hello world';
  const plain: number[] = tokenizer.encode(probe, { add_special_tokens: false }).ids;
  const full: number[] = tokenizer.encode(probe).ids;
  for (let p = 0; p + plain.length <= full.length; p++) {
    if (plain.every((id, k) => full[p + k] === id)) return { suffix: full.length - p - plain.length };
  }
  return { suffix: 0 };
}

async function importOrt(): Promise<OrtModule> {
  try {
    const mod = (await import('onnxruntime-node')) as OrtModule & { default?: OrtModule };
    return mod.InferenceSession ? mod : mod.default!;
  } catch (err) {
    throw configError(`onnxruntime-node could not be loaded (is it installed for this platform?): ${messageOf(err)}`);
  }
}

async function importTokenizer(): Promise<typeof Tokenizer> {
  try {
    return (await import('@huggingface/tokenizers')).Tokenizer;
  } catch (err) {
    throw configError(`@huggingface/tokenizers could not be loaded: ${messageOf(err)}`);
  }
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
