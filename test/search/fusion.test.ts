import { describe, expect, it } from 'vitest';
import { DEFAULT_FUSION_WEIGHTS, fuseScores, NO_MATCH_GAP } from '../../src/search/fusion.ts';

const m = (o: Record<string, number>) => new Map(Object.entries(o));

describe('fuseScores', () => {
  it('returns nothing for two empty lists', () => {
    expect(fuseScores(new Map(), new Map())).toEqual([]);
  });

  it('follows the only non-empty list, with finite scores', () => {
    const lexOnly = fuseScores(m({ a: 3, b: 9, c: 1 }), new Map());
    expect(lexOnly.map((h) => h.id)).toEqual(['b', 'a', 'c']);
    const semOnly = fuseScores(new Map(), m({ a: 0.1, b: 0.5, c: 0.3 }));
    expect(semOnly.map((h) => h.id)).toEqual(['b', 'c', 'a']);
    for (const h of [...lexOnly, ...semOnly]) expect(Number.isFinite(h.score)).toBe(true);
  });

  it('gives all-equal scores a z of 0 instead of NaN', () => {
    const hits = fuseScores(m({ a: 2, b: 2 }), m({ a: 0.5, b: 0.5 }));
    expect(hits.map((h) => h.score)).toEqual([0, 0]);
    expect(hits.map((h) => h.id)).toEqual(['a', 'b']); // ties broken by id
    expect(fuseScores(m({ only: 7 }), m({ only: 0.2 }))).toEqual([{ id: 'only', score: 0 }]);
  });

  it("scores a paper that matches no word NO_MATCH_GAP below the lexical list's worst, one without a vector at the semantic minimum", () => {
    // lexical z: a = +1.2247, b = 0, c = -1.2247 (population std of 10, 5, 0)
    const hits = fuseScores(m({ a: 10, b: 5, c: 0 }), m({ a: 0.9, d: 0.1 }), { lexical: 1, semantic: 1 });
    const score = Object.fromEntries(hits.map((h) => [h.id, h.score]));
    const zMinLex = -Math.sqrt(1.5);
    // d matches no word: lexical z = the worst match's (c) minus the gap; semantic z of d = -1
    expect(score.d).toBeCloseTo(zMinLex - NO_MATCH_GAP + -1, 6);
    // b has no vector: semantic z = the list's minimum (-1)
    expect(score.b).toBeCloseTo(0 + -1, 6);
    expect(score.a).toBeCloseTo(Math.sqrt(1.5) + 1, 6);
    expect(hits[0]!.id).toBe('a');
  });

  it('ranks the only word match (or equal ones) above every paper that matches no word, however the meaning side ranks them', () => {
    // the paper named by a word that occurs in it alone, and the meaning side's best guesses
    const semantic = m({ named: 0.01, x: 0.9, y: 0.85, z: 0.8, ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`n${i}`, 0.02])) });
    expect(fuseScores(m({ named: 4.2 }), semantic)[0]!.id).toBe('named');
    const twins = fuseScores(m({ named: 4.2, twin: 4.2 }), m({ ...Object.fromEntries(semantic), twin: 0.5 }));
    expect(twins.slice(0, 2).map((h) => h.id)).toEqual(['twin', 'named']); // the matches first, in the meaning side's order
  });

  it('keeps a paper that matches every word above one that matches none unless the meaning side is far ahead', () => {
    const lexical = m({ all: 9, some: 6, few: 5, other: 4 });
    const unsure = m({ all: 0.2, some: 0.3, few: 0.25, other: 0.28, none: 0.45, ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`n${i}`, 0.2 + i * 0.005])) });
    const ranked = fuseScores(lexical, unsure).map((h) => h.id);
    expect(ranked.indexOf('all')).toBeLessThan(ranked.indexOf('none'));
    expect(ranked.indexOf('other')).toBeLessThan(ranked.indexOf('none'));
    // a meaning side that is confident about a paper (far above all the others) may still put it first
    const confident = m({ all: 0.1, some: 0.1, few: 0.1, other: 0.1, none: 0.95, ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`n${i}`, 0.1])) });
    expect(fuseScores(lexical, confident)[0]!.id).toBe('none');
  });

  it('lets the weights decide between disagreeing lists', () => {
    const lex = m({ x: 10, y: 1, z: 0 });
    const sem = m({ x: 0.1, y: 0.9, z: 0.0 });
    expect(fuseScores(lex, sem, { lexical: 1, semantic: 0 })[0]!.id).toBe('x');
    expect(fuseScores(lex, sem, { lexical: 0, semantic: 1 })[0]!.id).toBe('y');
  });

  it('treats non-finite scores as the list minimum, never producing NaN', () => {
    const hits = fuseScores(m({ a: Number.NaN, b: 2, c: 1 }), m({ a: 0.3 }));
    for (const h of hits) expect(Number.isNaN(h.score)).toBe(false);
    expect(hits.map((h) => h.id)).toContain('a');
  });

  it('sorts by descending score and exports frozen default weights', () => {
    const hits = fuseScores(m({ a: 1, b: 2, c: 3, d: 4 }), m({ a: 0.4, b: 0.3, c: 0.2, d: 0.1 }));
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(Object.isFrozen(DEFAULT_FUSION_WEIGHTS)).toBe(true);
    expect(DEFAULT_FUSION_WEIGHTS.lexical).toBeGreaterThan(0);
    expect(DEFAULT_FUSION_WEIGHTS.semantic).toBeGreaterThan(0);
  });
});
