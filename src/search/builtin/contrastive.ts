import { allocateBatchBuffers, BatchWork, PhaseLeader, SHARDS, Unit } from './contrastive-batch.ts';
import { startContrastiveHelper, type ContrastiveHelper } from './contrastive-thread.ts';
import { BagBuilder, type EncodedDoc, type Vocabulary } from './vocabulary.ts';
import type { Rng } from '../numeric/random.ts';

/**
 * The contrastive embedding bag: a paper (or query) is the normalised
 * weighted sum of its unigram and hashed-bigram rows. Trained with in-batch
 * negatives on (pseudo-query, rest of the paper) pairs: the pseudo-query is
 * the title or a random abstract sentence, re-drawn every epoch, with a share
 * of its terms dropped; the paper side leaves the query's span out (so the pair
 * is not a trivial lexical match). A paper with a summary (a one-line
 * description written elsewhere, e.g. Daily Papers' ai_summary) uses it as the
 * pseudo-query in `summaryShare` of its draws, against the whole paper: such
 * descriptions paraphrase the paper the way people recall it.
 *
 * Each batch's work can be shared with a helper thread (contrastive-batch.ts);
 * the model is the same, bit for bit, with or without it.
 */
export interface ContrastiveOptions {
  readonly dims: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly temperature: number;
  readonly dropout: number;
  readonly titleShare: number;
  /** share of draws that use a paper's summary as its pseudo-query, when it has one */
  readonly summaryShare?: number;
  readonly deadline: number;
  /** 'worker': share each batch with a helper thread (same result); 'inline' (default): this thread alone */
  readonly thread?: 'worker' | 'inline';
  /** tests: block up to this long for the helper to be up before the first batch (default: do not wait) */
  readonly awaitHelperMs?: number;
  /** tests: the helper's entry module */
  readonly helperUrl?: URL;
  onEpoch?(epoch: number, loss: number): void;
  onBatch?(docsDone: number): void;
}

export interface ContrastiveResult {
  readonly table: Float32Array;
  readonly epochsRun: number;
  readonly losses: number[];
  /** share of the batch work units the helper thread ran (0 without one) */
  readonly helperShare: number;
}

/** share of a summarised paper's draws that use its summary (chosen on the ai_summary dev set, bench/quality/summaries.ts) */
export const DEFAULT_SUMMARY_SHARE = 0.5;

function hasSummary(doc: EncodedDoc): doc is EncodedDoc & { summary: Int32Array } {
  return doc.summary !== undefined && doc.summary.length > 0;
}

/** a query bag holds at most this many rows, a paper bag DOC_BAG_ROWS */
const QUERY_BAG_ROWS = 1024;
const DOC_BAG_ROWS = 4096;

export function trainContrastive(
  docs: readonly EncodedDoc[],
  vocab: Vocabulary,
  options: ContrastiveOptions,
  rng: Rng,
): ContrastiveResult {
  const d = options.dims;
  const rows = vocab.terms.length + vocab.buckets;

  const usable: number[] = [];
  docs.forEach((doc, i) => {
    const spans = (doc.titleEnd > 0 ? 1 : 0) + doc.sentenceStarts.length;
    if (spans >= 2 || (hasSummary(doc) && doc.ids.length > 0)) usable.push(i);
  });
  const order = Int32Array.from(usable);
  const B = Math.max(2, Math.min(options.batchSize, order.length));
  const buffers = allocateBatchBuffers(rows, d, B, B * (QUERY_BAG_ROWS + DOC_BAG_ROWS), options.learningRate, options.temperature);
  const work = new BatchWork(buffers);
  const { table, accum, bagIds, bagWeights, bagStart, bagEnd, sims: S, grad: G } = work;
  const initScale = 1 / Math.sqrt(d);
  for (let i = 0; i < table.length; i++) table[i] = rng.gaussian() * initScale;
  accum.fill(1e-6);
  const losses: number[] = [];
  let epochsRun = 0;
  if (order.length < 2) return { table, epochsRun, losses, helperShare: 0 };

  let helper: ContrastiveHelper | undefined;
  if (options.thread === 'worker') {
    helper = startContrastiveHelper(buffers, options.helperUrl);
    if (helper && options.awaitHelperMs) helper.awaitReady(options.awaitHelperMs);
  }
  const leader = new PhaseLeader(work, helper !== undefined);
  const qBag = new BagBuilder(vocab, QUERY_BAG_ROWS);
  const dBag = new BagBuilder(vocab, DOC_BAG_ROWS);
  const E = new Float64Array(B * B);
  const colSum = new Float64Array(B);
  const shardCounts = new Int32Array(SHARDS + 1);
  const keep = () => rng.next() >= options.dropout;
  const summaryShare = options.summaryShare ?? DEFAULT_SUMMARY_SHARE;
  const invT = 1 / options.temperature;
  let done = 0;
  let units = 0;
  let lossSum = 0;
  let lossCount = 0;
  /** the slot the next batch's bags go to */
  let slot = 0;
  /** copies a finished bag into slot `slot` as bag b, from entry `at`; returns the next free entry */
  const place = (bag: BagBuilder, b: number, at: number): number => {
    bagIds.set(bag.ids.subarray(0, bag.length), at);
    bagWeights.set(bag.weights.subarray(0, bag.length), at);
    bagStart[slot * 2 * B + b] = at;
    bagEnd[slot * 2 * B + b] = at + bag.length;
    return at + bag.length;
  };

  /**
   * The batches, in order: each is built (its bags, in slot `slot`) on this
   * thread, which owns the random stream, when the previous one is asked for
   * the next (so while the table takes the previous one's updates).
   */
  function* batches(): Generator<{ m: number; n: number }> {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      if (epoch > 0 && Date.now() > options.deadline) break;
      rng.shuffle(order);
      lossSum = 0;
      lossCount = 0;
      let outOfTime = false;
      for (let start = 0; start < order.length; start += B) {
        // the time budget is a hard cap: stop mid-epoch (after the first batch) when it runs out
        if (start > 0 && Date.now() > options.deadline) {
          outOfTime = true;
          break;
        }
        const n = Math.min(B, order.length - start);
        if (n < 2) break;
        let m = 0;
        let at = slot * buffers.capacity;
        for (let b = 0; b < n; b++) {
          const doc = docs[order[start + b]!]!;
          // (no draw for papers without a summary: a corpus without any trains exactly as before)
          if (hasSummary(doc) && (doc.sentenceStarts.length + (doc.titleEnd > 0 ? 1 : 0) < 2 || rng.next() < summaryShare)) {
            qBag.reset();
            qBag.addSpan(doc.summary, 0, doc.summary.length, keep);
            if (qBag.length === 0) qBag.addSpan(doc.summary, 0, doc.summary.length);
            qBag.finish();
            dBag.reset();
            dBag.addSpan(doc.ids, 0, doc.ids.length);
            dBag.finish();
            if (qBag.length === 0 || dBag.length === 0) continue;
            at = place(qBag, m, at);
            at = place(dBag, B + m, at);
            m++;
            continue;
          }
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
          qBag.reset();
          qBag.addSpan(doc.ids, qFrom, qTo, keep);
          if (qBag.length === 0) qBag.addSpan(doc.ids, qFrom, qTo);
          qBag.finish();
          dBag.reset();
          dBag.addSpan(doc.ids, 0, qFrom);
          dBag.addSpan(doc.ids, qTo, doc.ids.length);
          dBag.finish();
          if (qBag.length === 0 || dBag.length === 0) continue;
          at = place(qBag, m, at);
          at = place(dBag, B + m, at);
          m++;
        }
        if (m < 2) continue;
        work.shardEntries(m, slot, shardCounts);
        yield { m, n };
      }
      // every batch of the epoch is past its loss (its table updates may still be running)
      epochsRun++;
      const loss = lossCount ? lossSum / lossCount : 0;
      losses.push(loss);
      options.onEpoch?.(epoch, loss);
      if (outOfTime) break;
    }
  }

  try {
    const schedule = batches();
    let next = schedule.next();
    while (!next.done) {
      const { m, n } = next.value;
      const cur = slot;
      // 1. embed, similarities
      leader.phase(Unit.EMBED, m, cur);
      leader.phase(Unit.SIMS, m, cur);
      // 2. symmetric InfoNCE and dL/dS. |S| <= 1/tau, so one shift
      // (the largest possible score) keeps every exp in range for rows and columns alike
      // (no underflow of a whole row for any temperature above ~0.003).
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
      // 3. gradients w.r.t. the vectors and through the normalisation, then Adagrad on the
      // touched rows; the next batch's bags are built meanwhile (they do not read the table)
      leader.phase(Unit.GRADS, m, cur);
      leader.begin(Unit.UPDATE, m, cur);
      slot = 1 - cur;
      next = schedule.next();
      leader.finish();
      units += 2 * BatchWork.units(Unit.EMBED, m).count + BatchWork.units(Unit.SIMS, m).count + SHARDS;
      done += n;
      options.onBatch?.(done);
    }
  } finally {
    leader.stop();
    helper?.release();
  }
  const helperShare = helper && units ? helper.units() / units : 0;
  return { table, epochsRun, losses, helperShare };
}
