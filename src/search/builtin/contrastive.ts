import { addRows, scaledDotProducts, subtractScaled } from './kernels.ts';
import { BagBuilder, type EncodedDoc, type Vocabulary } from './vocabulary.ts';
import type { Rng } from './random.ts';

/**
 * The contrastive embedding bag: a paper (or query) is the normalised
 * weighted sum of its unigram and hashed-bigram rows. Trained with in-batch
 * negatives on (pseudo-query, rest of the paper) pairs: the pseudo-query is
 * the title or a random abstract sentence, re-drawn every epoch, with a share
 * of its terms dropped; the paper side leaves the query's span out (so the pair
 * is not a trivial lexical match).
 */
export interface ContrastiveOptions {
  readonly dims: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly temperature: number;
  readonly dropout: number;
  readonly titleShare: number;
  readonly deadline: number;
  onEpoch?(epoch: number, loss: number): void;
  onBatch?(docsDone: number): void;
}

export interface ContrastiveResult {
  readonly table: Float32Array;
  readonly epochsRun: number;
  readonly losses: number[];
}

/** out[off, off + d) = the bag's normalised vector; returns its norm before normalising */
function embedBag(bag: BagBuilder, table: Float32Array, d: number, acc: Float64Array, out: Float32Array, off: number): number {
  acc.fill(0);
  addRows(acc, table, d, bag.ids, bag.weights, 0, bag.length);
  let s = 0;
  for (let k = 0; k < d; k++) s += acc[k]! * acc[k]!;
  const norm = Math.sqrt(s) || 1;
  for (let k = 0; k < d; k++) out[off + k] = acc[k]! / norm;
  return norm;
}

/**
 * out rows i < m: sum_j coef(i, j) * rows j of `other`, with coef(i, j) =
 * g[i * m + j] (or g[j * m + i] when `transposed`) times `scale`; entries with
 * |g| < skipBelow are left out (pairs the model already separates well).
 */
function combineRows(
  g: Float32Array, m: number, transposed: boolean, scale: number, skipBelow: number,
  other: Float32Array, d: number, out: Float32Array, scratch: { ids: Int32Array; weights: Float32Array; acc: Float64Array },
): void {
  const { ids, weights, acc } = scratch;
  for (let i = 0; i < m; i++) {
    let n = 0;
    for (let j = 0; j < m; j++) {
      const gij = transposed ? g[j * m + i]! : g[i * m + j]!;
      if (gij < skipBelow && gij > -skipBelow) continue;
      ids[n] = j;
      weights[n] = gij * scale;
      n++;
    }
    acc.fill(0);
    addRows(acc, other, d, ids, weights, 0, n);
    for (let k = 0; k < d; k++) out[i * d + k] = acc[k]!;
  }
}

export function trainContrastive(
  docs: readonly EncodedDoc[],
  vocab: Vocabulary,
  options: ContrastiveOptions,
  rng: Rng,
): ContrastiveResult {
  const d = options.dims;
  const rows = vocab.terms.length + vocab.buckets;
  const table = new Float32Array(rows * d);
  const initScale = 1 / Math.sqrt(d);
  for (let i = 0; i < table.length; i++) table[i] = rng.gaussian() * initScale;
  const accum = new Float32Array(rows).fill(1e-6);

  const usable: number[] = [];
  docs.forEach((doc, i) => {
    const spans = (doc.titleEnd > 0 ? 1 : 0) + doc.sentenceStarts.length;
    if (spans >= 2) usable.push(i);
  });
  const order = Int32Array.from(usable);
  const B = Math.max(2, Math.min(options.batchSize, order.length));
  const qBags: BagBuilder[] = [];
  const dBags: BagBuilder[] = [];
  for (let i = 0; i < B; i++) {
    qBags.push(new BagBuilder(vocab, 1024));
    dBags.push(new BagBuilder(vocab, 4096));
  }
  const Q = new Float32Array(B * d);
  const D = new Float32Array(B * d);
  const qNorm = new Float32Array(B);
  const dNorm = new Float32Array(B);
  const S = new Float32Array(B * B);
  const E = new Float64Array(B * B);
  const colSum = new Float64Array(B);
  const acc = new Float64Array(d);
  const scratch = { ids: new Int32Array(B), weights: new Float32Array(B), acc };
  const G = new Float32Array(B * B);
  const gQ = new Float32Array(B * d);
  const gD = new Float32Array(B * d);
  const keep = () => rng.next() >= options.dropout;
  const losses: number[] = [];
  const invT = 1 / options.temperature;
  const lr = options.learningRate;
  let epochsRun = 0;
  let done = 0;

  if (order.length < 2) return { table, epochsRun, losses };

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    if (epoch > 0 && Date.now() > options.deadline) break;
    rng.shuffle(order);
    let lossSum = 0;
    let lossCount = 0;
    let outOfTime = false;
    for (let start = 0; start < order.length; start += B) {
      // the time budget is a hard cap: stop mid-epoch (after the first batch) when it runs out
      if (start > 0 && Date.now() > options.deadline) {
        outOfTime = true;
        break;
      }
      const n = Math.min(B, order.length - start);
      if (n < 2) break;
      // 1. build bags and embed
      let m = 0;
      for (let b = 0; b < n; b++) {
        const doc = docs[order[start + b]!]!;
        const useTitle = doc.titleEnd > 0 && (doc.sentenceStarts.length < 2 || rng.next() < options.titleShare);
        let qFrom: number;
        let qTo: number;
        if (useTitle) {
          qFrom = 0;
          qTo = doc.titleEnd;
        } else {
          const s = rng.int(doc.sentenceStarts.length);
          qFrom = doc.sentenceStarts[s]!;
          qTo = s + 1 < doc.sentenceStarts.length ? doc.sentenceStarts[s + 1]! : doc.ids.length;
        }
        const qb = qBags[m]!;
        const db = dBags[m]!;
        qb.reset();
        qb.addSpan(doc.ids, qFrom, qTo, keep);
        if (qb.length === 0) qb.addSpan(doc.ids, qFrom, qTo);
        qb.finish();
        db.reset();
        db.addSpan(doc.ids, 0, qFrom);
        db.addSpan(doc.ids, qTo, doc.ids.length);
        db.finish();
        if (qb.length === 0 || db.length === 0) continue;
        qNorm[m] = embedBag(qb, table, d, acc, Q, m * d);
        dNorm[m] = embedBag(db, table, d, acc, D, m * d);
        m++;
      }
      if (m < 2) continue;
      // 2. similarities, symmetric InfoNCE, dL/dS. |S| <= 1/tau, so one shift
      // (the largest possible score) keeps every exp in range for rows and columns alike
      // (no underflow of a whole row for any temperature above ~0.003).
      scaledDotProducts(Q, D, m, d, invT, S);
      const shift = invT;
      colSum.fill(0, 0, m);
      for (let i = 0; i < m; i++) {
        let z = 0;
        for (let j = 0; j < m; j++) {
          const e = Math.exp(S[i * m + j]! - shift);
          E[i * m + j] = e;
          z += e;
          colSum[j] = colSum[j]! + e;
        }
        // rows: query i -> papers
        lossSum += Math.log(z) + shift - S[i * m + i]!;
        for (let j = 0; j < m; j++) G[i * m + j] = E[i * m + j]! / z / m;
        G[i * m + i] = G[i * m + i]! - (1 / m);
      }
      for (let i = 0; i < m; i++) {
        // columns: paper i -> queries
        const z = colSum[i]!;
        lossSum += Math.log(z) + shift - S[i * m + i]!;
        for (let j = 0; j < m; j++) G[j * m + i] = G[j * m + i]! + (E[j * m + i]! / z / m);
        G[i * m + i] = G[i * m + i]! - (1 / m);
        lossCount += 2;
      }
      // 3. gradients w.r.t. the normalised vectors: gQ = G D / tau, gD = G^T Q / tau
      const skipBelow = 1e-4 / m;
      combineRows(G, m, false, invT, skipBelow, D, d, gQ, scratch);
      combineRows(G, m, true, invT, skipBelow, Q, d, gD, scratch);
      // 4. through the normalisation, then Adagrad on the touched rows
      for (const [V, gV, norms, bags] of [
        [Q, gQ, qNorm, qBags],
        [D, gD, dNorm, dBags],
      ] as const) {
        for (let i = 0; i < m; i++) {
          const off = i * d;
          let gv = 0;
          for (let k = 0; k < d; k++) gv += gV[off + k]! * V[off + k]!;
          const inv = 1 / norms[i]!;
          for (let k = 0; k < d; k++) gV[off + k] = (gV[off + k]! - gv * V[off + k]!) * inv;
          const bag = bags[i]!;
          let g2 = 0;
          for (let k = 0; k < d; k++) g2 += gV[off + k]! * gV[off + k]!;
          g2 /= d;
          for (let t = 0; t < bag.length; t++) {
            const w = bag.weights[t]!;
            const row = bag.ids[t]!;
            const r = row * d;
            // row-wise Adagrad: one accumulator per row (mean squared gradient)
            const a = (accum[row] = accum[row]! + w * w * g2);
            const step = (lr * w) / Math.sqrt(a);
            subtractScaled(table, r, step, gV, off, d);
          }
        }
      }
      done += n;
      options.onBatch?.(done);
    }
    epochsRun++;
    const loss = lossCount ? lossSum / lossCount : 0;
    losses.push(loss);
    options.onEpoch?.(epoch, loss);
    if (outOfTime) break;
  }
  return { table, epochsRun, losses };
}
