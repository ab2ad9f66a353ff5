import { porterStem } from './porter.ts';

/**
 * Words as the lexical index sees them (FTS5 `porter unicode61 remove_diacritics 2`):
 * runs of letters and digits, lowercased, diacritics removed, Porter-stemmed.
 * A short stopword list is dropped: those words carry no topic and only cost time.
 */
const STOPWORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'has', 'have', 'in', 'is',
  'it', 'its', 'of', 'on', 'or', 'that', 'the', 'this', 'to', 'was', 'were', 'which', 'with',
  'we', 'our', 'these', 'their', 'than', 'can', 'been', 'also', 'into', 'such', 'but', 'not', 'both',
]);

const WORD = /[\p{L}\p{N}]+/gu;
const COMBINING = /\p{M}+/gu;
const stemCache = new Map<string, string>();

/** The Porter stem of a folded word (words with other than a-z are kept as they are); cached. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^[a-z]+$/.test(word) ? porterStem(word) : word;
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** Content words of `text`, in order, folded (lowercase, no diacritics) but not stemmed. */
export function words(text: string): string[] {
  const folded = text.normalize('NFKD').replace(COMBINING, '').toLowerCase();
  const out: string[] = [];
  for (const w of folded.match(WORD) ?? []) {
    if (w.length > 40 || STOPWORDS.has(w)) continue;
    out.push(w);
  }
  return out;
}

/** Stemmed content words of `text`, in order. */
export function tokenize(text: string): string[] {
  return words(text).map(stem);
}

/** Sentences of an abstract (a cheap splitter: '.', '!' or '?' followed by space). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}(])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
