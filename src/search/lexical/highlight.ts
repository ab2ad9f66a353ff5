/**
 * Marked titles and abstract snippets for search results, computed here rather
 * than by FTS5's highlight()/snippet(): asking FTS5 for ten rows re-runs the
 * query per row (1–5 ms at 85k papers, more at 1M), while this only tokenizes
 * the ten texts. Matching uses the index's own terms (index-tokens.ts), so a
 * marked word is exactly a word that counted in the ranking.
 *
 * Output follows FTS5's conventions: MARK_START/MARK_END around each matched
 * word (around a whole phrase when a phrase matched), and a snippet is a window
 * of about `SNIPPET_TOKENS` words with '…' where the text was cut.
 */
import { MARK_END, MARK_START, type Highlight } from './highlight-marks.ts';
import type { ParsedQuery } from '../query.ts';
import { forEachAsciiWord, forEachWord, indexTerms, NON_ASCII, stemWord } from './index-tokens.ts';

const SNIPPET_TOKENS = 40;
const ELLIPSIS = '…';

interface Token {
  readonly start: number;
  readonly end: number;
  readonly term: string;
}

const WORD = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;

/** Words remembered (word -> index term) before the cache starts over. */
const STEM_CACHE_LIMIT = 100_000;
const stems = new Map<string, string>();

/**
 * stemWord, remembered: Porter-stemming every word of twenty abstracts was
 * most of a search's CPU time (bench/event-loop.ts), and the words repeat.
 */
function termOf(word: string): string {
  let term = stems.get(word);
  if (term === undefined) {
    term = stemWord(word);
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    stems.set(word, term);
  }
  return term;
}

/** Tokens of `text` with their places in it. */
function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  if (!NON_ASCII.test(text)) {
    const lower = text.toLowerCase();
    forEachAsciiWord(lower, (start, end) => out.push({ start, end, term: termOf(lower.slice(start, end)) }));
    return out;
  }
  for (const m of text.matchAll(WORD)) {
    // a run may fold into several words (rare): each gets the run's place
    forEachWord(m[0], (w) => out.push({ start: m.index, end: m.index + m[0].length, term: termOf(w) }));
  }
  return out;
}

/** What to mark: single terms, and phrases as term sequences. */
export interface MarkPlan {
  readonly terms: ReadonlySet<string>;
  readonly phrases: readonly (readonly string[])[];
}

export function markPlanOf(q: ParsedQuery): MarkPlan {
  const terms = new Set<string>();
  const phrases: string[][] = [];
  for (const w of q.words) {
    const t = indexTerms(w);
    if (t.length === 1) terms.add(t[0]!);
    else if (t.length > 1) phrases.push(t);
  }
  for (const p of q.phrases) {
    const t = p.flatMap((w) => indexTerms(w));
    if (t.length === 1) terms.add(t[0]!);
    else if (t.length > 1) phrases.push(t);
  }
  return { terms, phrases };
}

/** Matched spans as [first token, last token] pairs, in order, not overlapping. */
function matches(tokens: readonly Token[], plan: MarkPlan): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    let best = plan.terms.has(tokens[i]!.term) ? 1 : 0;
    for (const p of plan.phrases) {
      if (p.length <= best || i + p.length > tokens.length) continue;
      let ok = true;
      for (let j = 0; j < p.length && ok; j++) ok = tokens[i + j]!.term === p[j];
      if (ok) best = p.length;
    }
    if (best > 0) {
      spans.push([i, i + best - 1]);
      i += best - 1;
    }
  }
  return spans;
}

/** `text` from token `from` to token `to` (inclusive) with the spans inside marked. */
function render(text: string, tokens: readonly Token[], spans: readonly [number, number][], from: number, to: number): string {
  if (tokens.length === 0) return text;
  let out = '';
  let at = tokens[from]!.start;
  for (const [a, b] of spans) {
    if (a < from || b > to) continue;
    out += text.slice(at, tokens[a]!.start) + MARK_START + text.slice(tokens[a]!.start, tokens[b]!.end) + MARK_END;
    at = tokens[b]!.end;
  }
  return out + text.slice(at, tokens[to]!.end);
}

export function highlightTitle(title: string, plan: MarkPlan): string {
  const tokens = tokensOf(title);
  if (tokens.length === 0) return title;
  const spans = matches(tokens, plan);
  // keep whatever surrounds the first and last word (quotes, a closing bracket)
  return title.slice(0, tokens[0]!.start) + render(title, tokens, spans, 0, tokens.length - 1) + title.slice(tokens[tokens.length - 1]!.end);
}

/**
 * The window of the abstract with the most distinct matched terms (then the
 * most matches), started a few words before its first match so the match has
 * some context; the start of the abstract when nothing matched.
 */
export function snippetOf(text: string, plan: MarkPlan, size = SNIPPET_TOKENS): string {
  const tokens = tokensOf(text);
  if (tokens.length === 0) return text;
  const spans = matches(tokens, plan);
  let from = 0;
  if (tokens.length > size && spans.length > 0) {
    let best = -1;
    for (let s = 0; s < spans.length; s++) {
      const start = Math.max(0, Math.min(spans[s]![0] - 3, tokens.length - size));
      const seen = new Set<string>();
      let count = 0;
      for (const [a, b] of spans) {
        if (a < start || b >= start + size) continue;
        seen.add(tokens.slice(a, b + 1).map((t) => t.term).join(' '));
        count++;
      }
      const score = seen.size * 1000 + count;
      if (score > best) {
        best = score;
        from = start;
      }
    }
  }
  const to = Math.min(tokens.length, from + size) - 1;
  const head = from > 0 ? ELLIPSIS : text.slice(0, tokens[0]!.start);
  const tail = to < tokens.length - 1 ? ELLIPSIS : text.slice(tokens[to]!.end);
  return head + render(text, tokens, spans, from, to) + tail;
}

/** Marked title and snippet, or null when no query word occurs in either. */
export function highlightOf(title: string, abstract: string, plan: MarkPlan): Highlight | null {
  const t = highlightTitle(title, plan);
  const s = snippetOf(abstract, plan);
  return t.includes(MARK_START) || s.includes(MARK_START) ? { title: t, snippet: s } : null;
}
