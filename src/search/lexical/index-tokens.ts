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
 */
import { porterStem } from '../builtin/porter.ts';

const MAX_STEMMED = 64;
const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
const COMBINING = /\p{M}+/gu;
const ASCII_WORD = /^[a-z0-9]+$/;
// eslint-disable-next-line no-control-regex
export const NON_ASCII = /[^\x00-\x7f]/;

export function stemWord(word: string): string {
  return word.length >= 3 && word.length <= MAX_STEMMED && ASCII_WORD.test(word) ? porterStem(word) : word;
}

/** Calls `emit` with each folded (lower-case, diacritic-free) word of `text`, in order; returns how many. */
export function forEachWord(text: string, emit: (word: string) => void): number {
  let folded = text.toLowerCase();
  if (NON_ASCII.test(folded)) {
    folded = text.normalize('NFKD').replace(COMBINING, '').toLowerCase();
    if (NON_ASCII.test(folded)) {
      let n = 0;
      for (const m of folded.matchAll(WORD)) {
        emit(m[0]);
        n++;
      }
      return n;
    }
  }
  return forEachAsciiWord(folded, (start, end) => emit(folded.slice(start, end)));
}

/**
 * For lower-case ASCII text: calls `emit(start, end)` for each run of letters
 * and digits (the token characters); returns how many.
 */
export function forEachAsciiWord(lower: string, emit: (start: number, end: number) => void): number {
  let n = 0;
  let start = -1;
  const len = lower.length;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? lower.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      emit(start, i);
      start = -1;
      n++;
    }
  }
  return n;
}

/** The index terms of `text`, in order. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  forEachWord(text, (w) => out.push(stemWord(w)));
  return out;
}
