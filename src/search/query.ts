/**
 * The search box language. Free text, plus:
 *   "exact phrase"             words next to each other
 *   -word                      papers without this word
 *   author:Hinton  author:"Geoffrey Hinton"
 *   cat:cs.AI  cat:cs          an arXiv category, or every category of an archive
 *   after:2026-01-01  before:2026-06-30  (also YYYY or YYYY-MM)
 *   date:2026-01..2026-03      a published-date range
 * Anything else is text: characters that mean something to the full-text
 * engine (`* ^ : ( ) + NEAR AND OR`) are just text here, so no input can break
 * the query. Invalid filters are errors that say how to write them.
 */
import { invalidInput } from '../domain/errors.ts';
import { parsePaperId } from '../domain/paper-id.ts';
import { addDays, parseDay } from '../domain/period.ts';
import { indexTerms, stemWord } from './lexical/index-tokens.ts';

export const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 32;

export interface ParsedQuery {
  /** free text as typed, without operators: what the semantic side embeds */
  readonly text: string;
  /** single words (lower-cased, stop words removed unless nothing else is left) */
  readonly words: readonly string[];
  /**
   * adjacent word pairs of the free text (not quoted, neither word a stop word,
   * both among `words`): each also scored as the phrase "a b", at PAIR_WEIGHT
   */
  readonly pairs: readonly (readonly [string, string])[];
  /** phrases typed in quotes: each a list of words that must be adjacent */
  readonly phrases: readonly (readonly string[])[];
  readonly excluded: readonly string[];
  readonly authors: readonly string[];
  readonly categories: readonly string[];
  /** inclusive `YYYY-MM-DD` bounds on the published date */
  readonly from: string | null;
  readonly to: string | null;
  /**
   * Text was typed that holds no word, yet is more than operators and
   * punctuation (a byte that is not UTF-8 in a pasted escape, an emoji): a
   * search that finds nothing, where `* ( )` alone is a query to fix.
   */
  readonly wordless: boolean;
}

export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from has have how in is it its of on or that the their this to was we were what when where which with without via using our into can do does paper papers'.split(' '),
);

/**
 * Index terms of the stop words. Word pairs are never searched with one of these (whichever
 * word the term came from), so the word index keeps no pairs with them: about half of all
 * adjacent pairs ("of the", "model for"), and exactly the same answers.
 */
export const PAIR_STOP_TERMS: ReadonlySet<string> = new Set([...STOP_WORDS].map(stemWord));

/** Words as the index sees them: runs of letters and digits, lower-cased. */
export function wordsOf(text: string, max = Number.POSITIVE_INFINITY): string[] {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, max);
}

/**
 * Weight of a pair's phrase BM25 against a word's. Chosen on the tuning half of the ai_summary
 * dev set (bench/quality/README.md): 0.2 / 0.3 / 0.5 gave BM25 MRR@10 0.779 / 0.787 / 0.781.
 */
export const PAIR_WEIGHT = 0.3;

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;
const UTF8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Percent escapes pasted from an address (`graph%20neural`, `%00%FF`) mean
 * the text they encode: runs of them are decoded as UTF-8, a byte that is not
 * UTF-8 becomes U+FFFD (no word), a control character a space. A `%` not
 * followed by two hex digits (`95%`) is text.
 */
export function decodeEscapes(input: string): string {
  return input.replace(ESCAPES, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return UTF8.decode(bytes);
  });
}

const TOKEN = /(-?)(?:(author|cat|after|before|date):)?(?:"([^"]*)"?|(\S+))/gy;

export function parseQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_LENGTH) throw invalidInput(`the query is ${input.length} characters long; keep it under ${MAX_QUERY_LENGTH}`);
  const q = decodeEscapes(input).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  const words: string[] = [];
  const phrases: string[][] = [];
  const excluded: string[] = [];
  const authors: string[] = [];
  const categories: string[] = [];
  const text: string[] = [];
  let from: string | null = null;
  let to: string | null = null;
  let wordless = false;
  // the current run of free-text words (an operator, a quoted phrase or an exclusion ends it), and its pairs
  let run: string[] = [];
  const pairs: [string, string][] = [];
  const endRun = () => {
    for (let i = 0; i + 1 < run.length; i++) pairs.push([run[i]!, run[i + 1]!]);
    run = [];
  };

  let pos = 0;
  while (pos < q.length) {
    if (/\s/.test(q[pos]!)) {
      pos++;
      continue;
    }
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(q);
    if (!m) break;
    pos = TOKEN.lastIndex;
    const [, minus, op, quoted, bare] = m;
    const value = (quoted ?? bare ?? '').trim();
    if (op !== undefined || minus || quoted !== undefined) endRun();
    if (value === '') continue;
    switch (op) {
      case 'author':
        authors.push(value);
        break;
      case 'cat':
        categories.push(parseCategory(value));
        break;
      case 'after':
        from = parseBound(value, 'after', 'start');
        break;
      case 'before':
        to = parseBound(value, 'before', 'end');
        break;
      case 'date': {
        const [a, b] = value.split('..');
        if (b === undefined) {
          from = parseBound(a!, 'date', 'start');
          to = parseBound(a!, 'date', 'end');
        } else {
          if (a) from = parseBound(a, 'date', 'start');
          if (b) to = parseBound(b, 'date', 'end');
        }
        break;
      }
      default: {
        const parts = wordsOf(value, MAX_TERMS);
        if (parts.length === 0) {
          if (!minus && /[^\x00-\x7f]/.test(value)) wordless = true;
          break;
        }
        if (minus) {
          excluded.push(...parts);
          break;
        }
        text.push(value);
        // A quoted phrase must stay together. A hyphenated word (graph-based, GPT-4) counts as its
        // parts: on SciFact train that ranked better than requiring them adjacent (nDCG@10 of BM25
        // 0.704 against 0.691), and on the known-item check as well (0.839 against 0.840).
        if (parts.length > 1 && quoted !== undefined) phrases.push(parts);
        else words.push(...parts);
        if (quoted === undefined) run.push(...parts);
      }
    }
  }
  if (from && to && from > to) throw invalidInput(`the date range is empty: ${from} is after ${to}`);
  endRun();
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  const kept = [...new Set(meaningful.length > 0 || phrases.length > 0 ? meaningful : words)].slice(0, MAX_TERMS);
  return {
    text: text.join(' '),
    words: kept,
    pairs: queryPairs(pairs, new Set(kept)),
    phrases,
    excluded: [...new Set(excluded)],
    authors,
    categories,
    from,
    to,
    wordless,
  };
}

/**
 * Pairs worth scoring: neither word a stop word nor stemmed like one (PAIR_STOP_TERMS), both
 * searched for, each one index term (so the phrase "a b" is two tokens to FTS5 as well), each
 * pair of index terms once.
 */
function queryPairs(adjacent: readonly [string, string][], words: ReadonlySet<string>): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const [a, b] of adjacent) {
    if (STOP_WORDS.has(a) || STOP_WORDS.has(b) || !words.has(a) || !words.has(b)) continue;
    const ta = indexTerms(a);
    const tb = indexTerms(b);
    if (ta.length !== 1 || tb.length !== 1 || PAIR_STOP_TERMS.has(ta[0]!) || PAIR_STOP_TERMS.has(tb[0]!)) continue;
    const key = `${ta[0]!} ${tb[0]!}`; // "model models" and "models model" are one phrase to FTS5
    if (seen.has(key) || out.length >= MAX_TERMS) continue;
    seen.add(key);
    out.push([a, b]);
  }
  return out;
}

/** The FTS5 expression of the query's pairs ("a b" OR "c d"), or null when it has none. */
export function pairExpression(q: ParsedQuery): string | null {
  return q.pairs.length === 0 ? null : q.pairs.map((p) => quote(p)).join(' OR ');
}

function parseCategory(value: string): string {
  if (!/^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/i.test(value)) {
    throw invalidInput(`cat:${value} is not an arXiv category: write it like cat:cs.AI, cat:math.GT or cat:cs`);
  }
  return value;
}

function parseBound(value: string, op: string, side: 'start' | 'end'): string {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  const help = `${op}:${value} is not a date: write ${op}:2026-08-21, ${op}:2026-08 or ${op}:2026${op === 'date' ? ', or a range date:2026-01..2026-03' : ''}`;
  if (!m) throw invalidInput(help);
  const [, y, mo, d] = m;
  if (d !== undefined) {
    if (!parseDay(value)) throw invalidInput(help);
    return value;
  }
  if (mo !== undefined) {
    const start = `${y}-${mo}-01`;
    if (!parseDay(start)) throw invalidInput(help);
    if (side === 'start') return start;
    const month = Number(mo);
    const next = month === 12 ? `${Number(y) + 1}-01-01` : `${y}-${String(month + 1).padStart(2, '0')}-01`;
    return addDays(next, -1);
  }
  if (!parseDay(`${y}-01-01`)) throw invalidInput(help);
  return side === 'start' ? `${y}-01-01` : `${y}-12-31`;
}

const HF_PAPER = /^https?:\/\/(?:www\.)?huggingface\.co\/papers\/([^/?#\s]+)\/?(?:[?#]\S*)?$/i;

/**
 * The arXiv id when the whole query is one, or a link to one pasted into the
 * box: `2608.12345`, `arXiv:2608.12345v2`, `https://arxiv.org/abs/2608.12345`,
 * `https://arxiv.org/pdf/2608.12345v1`, `https://huggingface.co/papers/2608.12345`.
 * The canonical id (no version); null for anything else.
 */
export function pastedArxivId(input: string): string | null {
  const s = input.trim();
  if (s === '' || /\s/.test(s)) return null;
  const hf = HF_PAPER.exec(s);
  const id = parsePaperId(hf ? hf[1]! : s);
  return id && id.source === 'arxiv' ? id.id : null;
}

/** True when the query asks for something: text or at least one filter. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.words.length === 0 && q.phrases.length === 0 && q.authors.length === 0 && q.categories.length === 0 && q.from === null && q.to === null;
}

/** An FTS5 phrase (a double-quoted string: nothing inside is FTS5 syntax). */
export function quote(words: readonly string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

/**
 * The FTS5 MATCH expression: any of the words or phrases (ranked by BM25, so
 * papers with more of them come first), restricted to the authors given, minus
 * excluded words. Null when the query has no text to match.
 */
export function ftsExpression(q: ParsedQuery): string | null {
  const any = [...q.words.map((w) => quote([w])), ...q.phrases.map(quote)];
  const authorParts = q.authors.map((a) => `authors : ${quote(wordsOf(a))}`).filter((p) => !p.endsWith(': ""'));
  const positive = [...(any.length > 0 ? [`(${any.join(' OR ')})`] : []), ...authorParts];
  if (positive.length === 0) return null;
  const base = positive.join(' AND ');
  return q.excluded.length > 0 ? `${base} NOT (${q.excluded.map((w) => quote([w])).join(' OR ')})` : base;
}
