import { describe, expect, it } from 'vitest';
import { highlightOf, highlightTitle, markPlanOf, snippetOf } from '../../../src/search/lexical/highlight.ts';
import { parseQuery } from '../../../src/search/query.ts';
import { MARK_END, MARK_START } from '../../../src/search/lexical/highlight-marks.ts';

const show = (s: string) => s.replaceAll(MARK_START, '[').replaceAll(MARK_END, ']');
const plan = (q: string) => markPlanOf(parseQuery(q));

describe('highlighting search results', () => {
  it('marks each matching word of a title by its stem, keeping the original case and punctuation', () => {
    expect(show(highlightTitle('FACET: Scaling Terminal Task Synthesis!', plan('terminal tasks')))).toBe('FACET: Scaling [Terminal] [Task] Synthesis!');
  });

  it('marks a phrase as one span, and only where its words are adjacent', () => {
    expect(show(highlightTitle('Large language models and models of language', plan('"language models"')))).toBe('Large [language models] and models of language');
    expect(show(highlightTitle('GPT-4 and GPT 4o', plan('"GPT 4"')))).toBe('[GPT-4] and GPT 4o');
  });

  it('folds diacritics like the index does', () => {
    expect(show(highlightTitle('A naïve Résumé parser', plan('naive resume')))).toBe('A [naïve] [Résumé] parser');
  });

  it('cuts long abstracts around the window with the most distinct matches', () => {
    const filler = (n: number, w: string) => Array.from({ length: n }, () => w).join(' ');
    const text = `Intro ${filler(60, 'alpha')} graphs once. ${filler(50, 'beta')} graph neural networks here. ${filler(60, 'gamma')} end.`;
    const s = show(snippetOf(text, plan('graph neural'), 20));
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('[graph] [neural] networks here');
    expect(s.split(/\s+/).length).toBeLessThanOrEqual(22);
  });

  it('starts at the beginning of a short text and has no ellipses', () => {
    expect(show(snippetOf('Graphs are everywhere.', plan('graph')))).toBe('[Graphs] are everywhere.');
  });

  it('is null when no word of the query occurs (a result found by meaning only)', () => {
    expect(highlightOf('Protein folding', 'Structure prediction.', plan('language models'))).toBeNull();
    expect(highlightOf('Protein folding', 'Structure prediction of language.', plan('language models'))).not.toBeNull();
  });
});
