import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { ftsExpression, isEmptyQuery, MAX_QUERY_LENGTH, parseQuery, pastedArxivId } from '../../src/search/query.ts';

describe('parseQuery: text', () => {
  it('keeps meaningful words, drops stop words, keeps the typed text for the embedder', () => {
    const q = parseQuery('the paper where agents pass knowledge down generations');
    expect(q.words).toEqual(['agents', 'pass', 'knowledge', 'down', 'generations']);
    expect(q.text).toBe('the paper where agents pass knowledge down generations');
  });

  it('keeps stop words when they are all there is', () => {
    expect(parseQuery('what is it').words).toEqual(['what', 'is', 'it']);
  });

  it('turns quoted text into phrases, and hyphenated words into their parts', () => {
    const q = parseQuery('"chain of thought" GPT-4 graph-based reasoning');
    expect(q.phrases).toEqual([['chain', 'of', 'thought']]);
    expect(q.words).toEqual(['gpt', '4', 'graph', 'based', 'reasoning']);
  });

  it('pairs adjacent free-text words: no stop word, not across quotes, exclusions or filters, each pair once', () => {
    expect(parseQuery('the large language models of graph-based reasoning').pairs).toEqual([
      ['large', 'language'], ['language', 'models'], ['graph', 'based'], ['based', 'reasoning'],
    ]);
    expect(parseQuery('vision "chain of thought" reasoning -video agents cat:cs.AI memory').pairs).toEqual([]);
    expect(parseQuery('model models model models').pairs).toEqual([['model', 'models']]); // one pair of stems
    expect(parseQuery('diffusion').pairs).toEqual([]);
  });

  it('reads filters and exclusions', () => {
    const q = parseQuery('diffusion -video author:"Yann LeCun" cat:cs.CV after:2026-01 before:2026-06-30');
    expect(q).toMatchObject({ words: ['diffusion'], excluded: ['video'], authors: ['Yann LeCun'], categories: ['cs.CV'], from: '2026-01-01', to: '2026-06-30' });
  });

  it('expands partial dates to whole months and years, and date: ranges', () => {
    expect(parseQuery('x date:2026-02').from).toBe('2026-02-01');
    expect(parseQuery('x date:2026-02').to).toBe('2026-02-28');
    expect(parseQuery('x date:2024..2025-03')).toMatchObject({ from: '2024-01-01', to: '2025-03-31' });
    expect(parseQuery('x date:..2025-12')).toMatchObject({ from: null, to: '2025-12-31' });
  });
});

describe('parseQuery: hostile and odd input never breaks the engine', () => {
  it.each(['a OR b', '* ^ NEAR( ) :', '"unterminated', 'col:value', '\u0000\u0007 nul', 'ὈΔΥΣΣΕΎΣ naïve café', '🚀 rockets', 'AND', '""', '-'])(
    '%j gives a safe FTS expression or none',
    (input) => {
      const q = parseQuery(input);
      const expr = ftsExpression(q);
      if (expr !== null) {
        // every term is a quoted string: the only bare words are the operators we put there
        expect(expr.replace(/"(?:[^"]|"")*"/g, '').replace(/\b(OR|AND|NOT|authors)\b|[():\s]/g, '')).toBe('');
      }
    },
  );

  it('refuses a query that is too long, with the limit in the message', () => {
    expect(() => parseQuery('x'.repeat(MAX_QUERY_LENGTH + 1))).toThrow(AppError);
    expect(() => parseQuery('x'.repeat(MAX_QUERY_LENGTH + 1))).toThrow(String(MAX_QUERY_LENGTH));
  });

  it.each([
    ['after:yesterday', 'after:2026-08-21'],
    ['date:2026-13', 'date:'],
    ['cat:"cs AI"', 'cat:cs.AI'],
    ['x after:2026-05 before:2026-01', 'the date range is empty'],
  ])('%s is an error that shows how to write it', (input, hint) => {
    expect(() => parseQuery(input)).toThrow(hint);
  });

  it('a query with only operators is empty', () => {
    expect(isEmptyQuery(parseQuery('* ^ ( )'))).toBe(true);
    expect(isEmptyQuery(parseQuery('author:Hinton'))).toBe(false);
  });
});

describe('ftsExpression', () => {
  it('ORs words and phrases, ANDs authors, NOTs exclusions', () => {
    const q = parseQuery('"chain of thought" reasoning -vision author:Wei');
    expect(ftsExpression(q)).toBe('("reasoning" OR "chain of thought") AND authors : "wei" NOT ("vision")');
  });
  it('has nothing to match for filter-only queries without authors', () => {
    expect(ftsExpression(parseQuery('cat:cs.AI after:2026-01'))).toBeNull();
  });
});

describe('what a pasted address means', () => {
  it.each([
    ['2608.12345', '2608.12345'],
    ['arXiv:2608.12345v2', '2608.12345'],
    [' https://arxiv.org/abs/2608.12345 ', '2608.12345'],
    ['https://arxiv.org/pdf/2608.12345v1', '2608.12345'],
    ['https://huggingface.co/papers/2608.12345', '2608.12345'],
    ['https://huggingface.co/papers/2608.12345v3?utm=x', '2608.12345'],
    ['hep-th/9901001', 'hep-th/9901001'],
  ])('%s names the arXiv paper %s', (input, id) => {
    expect(pastedArxivId(input)).toBe(id);
  });

  it.each(['2608.12345 agents', 'author:Hinton', 'cat:cs.AI', 'openreview:rJ4km2R5t7', 'https://example.org/abs/2608.12345', 'https://huggingface.co/papers/not-an-id', '2613.12345'])(
    '%s names no paper',
    (input) => {
      expect(pastedArxivId(input)).toBeNull();
    },
  );

  it('decodes percent escapes: text is text, a byte that is no UTF-8 is no word', () => {
    expect(parseQuery('graph%20neural').words).toEqual(['graph', 'neural']);
    expect(parseQuery('caf%C3%A9 95%').words).toEqual(['café', '95']);
    const broken = parseQuery('%00%FF');
    expect(broken.words).toEqual([]);
    expect(isEmptyQuery(broken)).toBe(true);
    expect(broken.wordless).toBe(true); // a search that finds nothing, not a query to fix
    expect(parseQuery('* ^ ( )').wordless).toBe(false);
  });
});
