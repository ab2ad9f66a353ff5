/**
 * What a search highlight is: a title and an abstract snippet in which matched
 * words sit between MARK_START and MARK_END (control characters, so they can
 * never come from a paper's own text). lexical/highlight.ts produces them; the
 * web layer turns them into <mark>.
 */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

export interface Highlight {
  readonly title: string;
  readonly snippet: string;
}
