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

function embedBag(bag: BagBuilder, table: Float32Array, d: number, out: Float32Array, off: number): number {
  for (let k = 0; k < d; k++) out[off + k] = 0;
  for (let i = 0; i < bag.length; i++) {
    const w = bag.weights[i]!;
    const r = bag.ids[i]! * d;
    for (let k = 0; k < d; k++) out[off + k] = out[off + k]! + (w * table[r + k]!);
  }
  let s = 0;
  for (let k = 0; k < d; k++) s += out[off + k]! * out[off + k]!;
  const norm = Math.sqrt(s) || 1;
  for (let k = 0; k < d; k++) out[off + k] = out[off + k]! / (norm);
  return norm;
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
        qNorm[m] = embedBag(qb, table, d, Q, m * d);
        dNorm[m] = embedBag(db, table, d, D, m * d);
        m++;
      }
      if (m < 2) continue;
      // 2. similarities, symmetric InfoNCE, dL/dS
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          let s = 0;
          const qi = i * d;
          const dj = j * d;
          for (let k = 0; k < d; k++) s += Q[qi + k]! * D[dj + k]!;
          S[i * m + j] = s * invT;
        }
      }
      G.fill(0, 0, m * m);
      for (let i = 0; i < m; i++) {
        // rows: query i -> papers
        let mx = -Infinity;
        for (let j = 0; j < m; j++) mx = Math.max(mx, S[i * m + j]!);
        let z = 0;
        for (let j = 0; j < m; j++) z += Math.exp(S[i * m + j]! - mx);
        lossSum += Math.log(z) + mx - S[i * m + i]!;
        for (let j = 0; j < m; j++) G[i * m + j] = G[i * m + j]! + (Math.exp(S[i * m + j]! - mx) / z / m);
        G[i * m + i] = G[i * m + i]! - (1 / m);
        // columns: paper i -> queries
        mx = -Infinity;
        for (let j = 0; j < m; j++) mx = Math.max(mx, S[j * m + i]!);
        z = 0;
        for (let j = 0; j < m; j++) z += Math.exp(S[j * m + i]! - mx);
        lossSum += Math.log(z) + mx - S[i * m + i]!;
        for (let j = 0; j < m; j++) G[j * m + i] = G[j * m + i]! + (Math.exp(S[j * m + i]! - mx) / z / m);
        G[i * m + i] = G[i * m + i]! - (1 / m);
        lossCount += 2;
      }
      // 3. gradients w.r.t. the normalised vectors
      const skipBelow = 1e-4 / m;
      gQ.fill(0, 0, m * d);
      gD.fill(0, 0, m * d);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          const gij = G[i * m + j]!;
          // pairs the model already separates well carry (almost) no gradient
          if (gij < skipBelow && gij > -skipBelow) continue;
          const g = gij * invT;
          const qi = i * d;
          const dj = j * d;
          for (let k = 0; k < d; k++) {
            gQ[qi + k] = gQ[qi + k]! + (g * D[dj + k]!);
            gD[dj + k] = gD[dj + k]! + (g * Q[qi + k]!);
          }
        }
      }
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
            for (let k = 0; k < d; k++) table[r + k] = table[r + k]! - step * gV[off + k]!;
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
