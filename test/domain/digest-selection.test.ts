import { describe, expect, it } from 'vitest';
import { reasonText, selectDigestPapers, shorten, type CandidateList } from '../../src/domain/digest-selection.ts';

const votes = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('digest selection', () => {
  it('a paper found by several lists is one candidate carrying every reason, most specific first', () => {
    const lists: CandidateList[] = [
      { reason: { kind: 'trending', upvotes: 0 }, paperIds: ['a', 'b'] },
      { reason: { kind: 'search', query: 'diffusion' }, paperIds: ['b'] },
      { reason: { kind: 'category', category: 'cs.CL' }, paperIds: ['b', 'c'] },
    ];
    const picked = selectDigestPapers(lists, votes({ a: 40, b: 3, c: 0 }), 10);
    expect(picked.map((p) => p.paperId).sort()).toEqual(['a', 'b', 'c']);
    const b = picked.find((p) => p.paperId === 'b')!;
    expect(b.reasons).toEqual([
      { kind: 'search', query: 'diffusion' },
      { kind: 'category', category: 'cs.CL' },
      { kind: 'trending', upvotes: 3 },
    ]);
    // three reasons beat a trending-only paper with more upvotes
    expect(picked[0]!.paperId).toBe('b');
  });

  it('honours the paper count', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `p${i}`);
    const picked = selectDigestPapers([{ reason: { kind: 'trending', upvotes: 0 }, paperIds: ids }], new Map(ids.map((id, i) => [id, 100 - i])), 7);
    expect(picked).toHaveLength(7);
    expect(picked.map((p) => p.paperId)).toEqual(ids.slice(0, 7));
  });

  it('every interest gets its best paper before a busy one takes the remaining places', () => {
    const busy = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const lists: CandidateList[] = [
      { reason: { kind: 'search', query: 'transformers' }, paperIds: busy },
      { reason: { kind: 'category', category: 'math.GT' }, paperIds: ['knot'] },
      { reason: { kind: 'trending', upvotes: 0 }, paperIds: ['hot'] },
    ];
    const picked = selectDigestPapers(lists, votes({ hot: 500 }), 3).map((p) => p.paperId);
    expect(picked.sort()).toEqual(['hot', 'knot', 's0']);
  });

  it('a second reason of the same kind counts half: matching one search well beats matching two loosely', () => {
    const lists: CandidateList[] = [
      { reason: { kind: 'search', query: 'one' }, paperIds: ['good', ...Array.from({ length: 15 }, (_, i) => `x${i}`), 'loose'] },
      { reason: { kind: 'search', query: 'two' }, paperIds: ['good2', ...Array.from({ length: 15 }, (_, i) => `y${i}`), 'loose'] },
    ];
    const picked = selectDigestPapers(lists, new Map(), 40);
    const order = picked.map((p) => p.paperId);
    expect(order.indexOf('good')).toBeLessThan(order.indexOf('loose'));
    expect(picked.find((p) => p.paperId === 'loose')!.reasons).toHaveLength(2);
  });

  it('nothing in, nothing out (the composer then returns null)', () => {
    expect(selectDigestPapers([], new Map(), 10)).toEqual([]);
    expect(selectDigestPapers([{ reason: { kind: 'search', query: 'x' }, paperIds: [] }], new Map(), 10)).toEqual([]);
  });

  it('ties are broken by upvotes, then by id, so a digest is the same every time', () => {
    const lists: CandidateList[] = [{ reason: { kind: 'category', category: 'cs' }, paperIds: ['b'] }, { reason: { kind: 'category', category: 'math' }, paperIds: ['a'] }];
    expect(selectDigestPapers(lists, new Map(), 2).map((p) => p.paperId)).toEqual(['a', 'b']);
    expect(selectDigestPapers(lists, votes({ b: 1 }), 2).map((p) => p.paperId)).toEqual(['b', 'a']);
  });

  it('says why a paper is there in words', () => {
    expect(reasonText({ kind: 'trending', upvotes: 42 })).toBe('trending: 42 upvotes');
    expect(reasonText({ kind: 'trending', upvotes: 1 })).toBe('trending: 1 upvote');
    expect(reasonText({ kind: 'search', query: 'diffusion' })).toBe('matches your saved search “diffusion”');
    expect(reasonText({ kind: 'category', category: 'cs.CL' })).toBe('in cs.CL');
    expect(reasonText({ kind: 'similar', toTitle: 'Attention Is All You Need' })).toBe('similar to “Attention Is All You Need” you upvoted');
  });

  it('shortens at a word boundary', () => {
    expect(shorten('short', 10)).toBe('short');
    expect(shorten('a fairly long title about many things', 20)).toBe('a fairly long title…');
  });
});
