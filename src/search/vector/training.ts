/**
 * Training the IVF index (ivf-index.ts): the codebook and the lists are learned
 * from a sample of the stored vectors, then every assignment and code is
 * rewritten. And reading back what the last training stored.
 */
import type { VectorsRepo, VectorState } from '../../store/vectors-repo.ts';
import { rng } from '../numeric/random.ts';
import { Codebook, learnCodebook } from './codebook.ts';
import { decodeHalf, type HalfRows } from './half.ts';
import { CoarseQuantizer, trainPartitions, type Partitions } from './partitions.ts';

const LISTS_PER_SQRT = 4;
const MIN_SAMPLE = 30_000;
const SAMPLE_PER_LIST = 25;

export interface TrainingOptions {
  /** below this many vectors there is a single list (exact scan) */
  readonly trainAt: number;
  /** vectors sampled to learn the lists; default max(MIN_SAMPLE, SAMPLE_PER_LIST × lists) */
  readonly sampleSize?: number | undefined;
}

/** What a training learned: the lists' centroids (none below trainAt) and the codebook. */
export interface Trained {
  readonly generation: number;
  readonly quantizer: CoarseQuantizer | null;
  readonly codebook: Codebook | null;
}

const floats = (b: Uint8Array): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const blobOf = (f: Float32Array): Uint8Array => new Uint8Array(f.buffer, f.byteOffset, f.byteLength);

/**
 * Learns the lists from a sample of the stored vectors and rewrites every
 * assignment; `previous` is the state it starts from. Call it inside repo.write.
 */
export function train(repo: VectorsRepo, dims: number, previous: VectorState, options: TrainingOptions): { state: VectorState; trained: Trained } {
  const total = repo.countVectors();
  const lists = total >= options.trainAt ? Math.max(1, Math.round(LISTS_PER_SQRT * Math.sqrt(total))) : 1;
  const sampleSize = Math.min(total, options.sampleSize ?? Math.max(MIN_SAMPLE, SAMPLE_PER_LIST * lists));
  // reservoir sample of float16 rows, read in rowid batches
  const rowBytes = dims * 2;
  const sample = new Uint8Array(sampleSize * rowBytes);
  const random = rng(total);
  let seen = 0;
  repo.forEachVector(10_000, (r) => {
    const j = seen < sampleSize ? seen : Math.floor(random() * (seen + 1));
    if (j < sampleSize) sample.set(r.vector, j * rowBytes);
    seen++;
  });
  const rows: HalfRows = { count: Math.min(seen, sampleSize), dim: dims, bytes: sample };
  const codebookData = learnCodebook(rows);
  const codebook = new Codebook(codebookData);
  repo.saveCodebook({ reduced: codebookData.reduced, basis: blobOf(codebookData.basis), steps: blobOf(codebookData.steps) });
  const partitions = lists > 1 ? trainPartitions(rows, lists) : null;
  repo.clearLists();
  repo.clearAssignments();
  if (partitions) {
    const centroid = (packed: Float32Array, i: number) => new Uint8Array(packed.slice(i * dims, (i + 1) * dims).buffer);
    for (let t = 0; t < partitions.topCount; t++) {
      repo.putList({ level: 0, list: t, parent: -1, centroid: centroid(partitions.tops, t) });
      for (const leaf of partitions.leavesOfTop[t]!) repo.putList({ level: 1, list: leaf, parent: t, centroid: centroid(partitions.leaves, leaf) });
    }
  }
  const quantizer = partitions ? new CoarseQuantizer(partitions) : null;
  const seq = previous.seq + 1;
  repo.forEachVector(10_000, (r) => {
    const v = decodeHalf(r.vector);
    repo.assign(r.rowid, quantizer ? quantizer.assign(v) : 0, seq, codebook.encode(v));
  });
  const state: VectorState = { trainedOn: total, generation: previous.generation + 1, items: total, seq };
  repo.saveState(state);
  return { state, trained: { generation: state.generation, quantizer, codebook } };
}

/** The lists and codebook the training of `generation` stored. */
export function readTrained(repo: VectorsRepo, dims: number, generation: number): Trained {
  const partitions = readPartitions(repo, dims);
  const row = repo.codebook();
  const codebook = row ? new Codebook({ dim: dims, reduced: row.reduced, basis: floats(row.basis), steps: floats(row.steps) }) : null;
  return { generation, quantizer: partitions ? new CoarseQuantizer(partitions) : null, codebook };
}

function readPartitions(repo: VectorsRepo, dims: number): Partitions | null {
  const rows = repo.lists();
  const tops = rows.filter((r) => r.level === 0);
  const leaves = rows.filter((r) => r.level === 1);
  if (leaves.length === 0) return null;
  const pack = (rs: typeof rows): Float32Array => {
    const out = new Float32Array(rs.length * dims);
    rs.forEach((r, i) => out.set(floats(r.centroid), i * dims));
    return out;
  };
  const leavesOfTop: number[][] = tops.map(() => []);
  for (const l of leaves) leavesOfTop[l.parent]!.push(l.list);
  return { dim: dims, tops: pack(tops), topCount: tops.length, leaves: pack(leaves), leafCount: leaves.length, leavesOfTop };
}
