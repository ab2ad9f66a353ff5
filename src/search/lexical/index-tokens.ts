/**
 * The tokens SQLite FTS5 makes of a text with `tokenize='porter unicode61
 * remove_diacritics 2'` (the papers_fts index), reproduced in JavaScript so the
 * in-memory index (inverted-index.ts) scores exactly what FTS5 would:
 * runs of letters and digits, case-folded, diacritics removed, then the Porter
 * stemmer on tokens of 3 to 64 characters. Unlike the embedder's tokenizer,
 * nothing is dropped: BM25 document lengths count every token.
 *
 * Split in two steps so the index can cache per word: `forEachWord` yields the
 * folded words, `stemWord` turns one into its index term.
 *
 * Compound words ("graph-based", "GPT-4", "chain-of-thought": words joined by
 * one of - _ . / ' ’ with no space) are also reported as such, so the index can
 * keep their adjacent pairs as terms of their own (see compoundTerm): that is
 * how a hyphenated query word is matched without word positions.
 */
import { porterStem } from '../builtin/porter.ts';

const MAX_STEMMED = 64;
const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
const COMBINING = /\p{M}+/gu;
const ASCII_WORD = /^[a-z0-9]+$/;
/** characters that join the parts of a compound word, as in query.ts */
const JOINERS = new Set(['-', '_', '.', '/', "'", '\u2019']);
const PAIR = '\u0001';

/** The index term for two words written joined ("graph-based" → graph␁base). */
export function compoundTerm(first: string, second: string): string {
  return first + PAIR + second;
}
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

export function stemWord(word: string): string {
  return word.length >= 3 && word.length <= MAX_STEMMED && ASCII_WORD.test(word) ? porterStem(word) : word;
}

/**
 * Calls `emit` with each folded (lower-case, diacritic-free) word of `text`, in
 * order, and whether it is joined to the word before (a compound word's later
 * part); returns how many words.
 */
export function forEachWord(text: string, emit: (word: string, joined: boolean) => void): number {
  let folded = text.toLowerCase();
  if (NON_ASCII.test(folded)) {
    folded = text.normalize('NFKD').replace(COMBINING, '').toLowerCase();
    if (NON_ASCII.test(folded)) {
      let n = 0;
      let lastEnd = -2;
      for (const m of folded.matchAll(WORD)) {
        emit(m[0], m.index === lastEnd + 1 && JOINERS.has(folded[lastEnd]!));
        lastEnd = m.index + m[0].length;
        n++;
      }
      return n;
    }
  }
  // ASCII: letters and digits are the token characters
  let n = 0;
  let start = -1;
  let lastEnd = -2;
  const len = folded.length;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? folded.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      // joined: exactly one joiner character between this word and the previous one
      const sep = start - 1;
      const joined = sep === lastEnd && isJoiner(folded.charCodeAt(sep));
      emit(folded.slice(start, i), joined);
      lastEnd = i;
      start = -1;
      n++;
    }
  }
  return n;
}

function isJoiner(c: number): boolean {
  return c === 45 || c === 95 || c === 46 || c === 47 || c === 39;
}

/** The index terms of `text`, in order. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  forEachWord(text, (w) => out.push(stemWord(w)));
  return out;
}
