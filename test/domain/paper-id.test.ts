import { describe, expect, it } from 'vitest';
import { arxivAbsUrl, arxivPdfUrl, isArxiv, parsePaperId } from '../../src/domain/paper-id.ts';

describe('parsePaperId: new-style arXiv ids', () => {
  it('accepts an id without version and reports no version', () => {
    expect(parsePaperId('2310.13724')).toEqual({ id: '2310.13724', source: 'arxiv', version: null });
  });

  it('splits the version off into its own field', () => {
    expect(parsePaperId('2310.13724v2')).toEqual({ id: '2310.13724', source: 'arxiv', version: 2 });
    expect(parsePaperId('2310.13724v12')?.version).toBe(12);
  });

  it('accepts four-digit sequence numbers from the 2007-2014 era', () => {
    expect(parsePaperId('0704.0001')).toEqual({ id: '0704.0001', source: 'arxiv', version: null });
    expect(parsePaperId('1412.6980v9')).toEqual({ id: '1412.6980', source: 'arxiv', version: 9 });
  });

  it('accepts five-digit sequence numbers from 2015 (1501) on', () => {
    expect(parsePaperId('1501.00001')?.id).toBe('1501.00001');
    expect(parsePaperId('2608.13558')?.id).toBe('2608.13558');
  });

  it('trims surrounding whitespace', () => {
    expect(parsePaperId('  2310.13724v1 \n')).toEqual({ id: '2310.13724', source: 'arxiv', version: 1 });
  });

  it('strips an arXiv: prefix in any case', () => {
    expect(parsePaperId('arXiv:2310.13724')).toEqual({ id: '2310.13724', source: 'arxiv', version: null });
    expect(parsePaperId('ARXIV:2310.13724v3')).toEqual({ id: '2310.13724', source: 'arxiv', version: 3 });
  });

  it('reads the id out of abs and pdf URLs', () => {
    expect(parsePaperId('https://arxiv.org/abs/2310.13724')).toEqual({ id: '2310.13724', source: 'arxiv', version: null });
    expect(parsePaperId('https://arxiv.org/abs/2310.13724v2/')).toEqual({ id: '2310.13724', source: 'arxiv', version: 2 });
    expect(parsePaperId('http://www.arxiv.org/pdf/2310.13724v2')).toEqual({ id: '2310.13724', source: 'arxiv', version: 2 });
    expect(parsePaperId('https://arxiv.org/pdf/2310.13724v2.pdf')).toEqual({ id: '2310.13724', source: 'arxiv', version: 2 });
    expect(parsePaperId('https://export.arxiv.org/abs/2310.13724')?.id).toBe('2310.13724');
  });
});

describe('parsePaperId: new-style ids that are not arXiv ids', () => {
  it('rejects month 00 and months above 12', () => {
    expect(parsePaperId('2300.13724')).toBeNull();
    expect(parsePaperId('2313.13724')).toBeNull();
    expect(parsePaperId('2399.00001')).toBeNull();
  });

  it('rejects five-digit sequence numbers before 2015', () => {
    expect(parsePaperId('1412.00001')).toBeNull();
    expect(parsePaperId('0901.12345')).toBeNull();
  });

  it('rejects four-digit sequence numbers from 2015 on (arXiv has used five digits since 1501)', () => {
    expect(parsePaperId('1501.0001')).toBeNull();
    expect(parsePaperId('2310.1372')).toBeNull();
  });

  it('rejects new-style ids before the scheme began in April 2007', () => {
    expect(parsePaperId('0703.1234')).toBeNull();
    expect(parsePaperId('0612.1234')).toBeNull();
  });

  it('rejects too few or too many digits', () => {
    expect(parsePaperId('2310.137')).toBeNull();
    expect(parsePaperId('2310.137245')).toBeNull();
    expect(parsePaperId('231.13724')).toBeNull();
  });

  it('rejects malformed version suffixes', () => {
    expect(parsePaperId('2310.13724v')).toBeNull();
    expect(parsePaperId('2310.13724V2')).toBeNull();
    expect(parsePaperId('2310.13724v2x')).toBeNull();
  });

  it('rejects URLs of other hosts and arXiv URLs that are not abs/pdf pages', () => {
    expect(parsePaperId('https://example.org/abs/2310.13724')).toBeNull();
    expect(parsePaperId('https://arxiv.org/html/2310.13724')).toBeNull();
    expect(parsePaperId('https://arxiv.org/abs/not-an-id')).toBeNull();
  });
});

describe('parsePaperId: old-style arXiv ids', () => {
  it('accepts archive/YYMMNNN', () => {
    expect(parsePaperId('hep-th/9901001')).toEqual({ id: 'hep-th/9901001', source: 'arxiv', version: null });
    expect(parsePaperId('cond-mat/0011123')?.id).toBe('cond-mat/0011123');
  });

  it('accepts a subject class and a version', () => {
    expect(parsePaperId('math.GT/0309136v2')).toEqual({ id: 'math.GT/0309136', source: 'arxiv', version: 2 });
  });

  it('accepts them with a prefix or inside a URL', () => {
    expect(parsePaperId('arXiv:hep-th/9901001v1')).toEqual({ id: 'hep-th/9901001', source: 'arxiv', version: 1 });
    expect(parsePaperId('https://arxiv.org/abs/hep-th/9901001v3')).toEqual({ id: 'hep-th/9901001', source: 'arxiv', version: 3 });
  });

  it('rejects a bad month, a wrong digit count and an upper-case archive', () => {
    expect(parsePaperId('math/0013001')).toBeNull();
    expect(parsePaperId('hep-th/9900001')).toBeNull();
    expect(parsePaperId('hep-th/990100')).toBeNull();
    expect(parsePaperId('hep-th/99010011')).toBeNull();
    expect(parsePaperId('HEP-TH/9901001')).toBeNull();
    expect(parsePaperId('math.gt/0309136')).toBeNull();
  });
});

describe('parsePaperId: other sources', () => {
  it('accepts source:id and keeps it as the canonical id', () => {
    expect(parsePaperId('openreview:rJ4km2R5t7')).toEqual({ id: 'openreview:rJ4km2R5t7', source: 'openreview', version: null });
  });

  it('allows dots, dashes, underscores, tildes and slashes inside the id part', () => {
    expect(parsePaperId('doi:10.1145/3292500.3330701')).toEqual({ id: 'doi:10.1145/3292500.3330701', source: 'doi', version: null });
    expect(parsePaperId('acl:2024.acl-long_1~x')?.id).toBe('acl:2024.acl-long_1~x');
  });

  it('refuses to treat arxiv as a free-form source', () => {
    expect(parsePaperId('arxiv:not-an-id')).toBeNull();
    expect(parsePaperId('arxiv:arxiv:foo')).toBeNull();
  });

  it('rejects upper-case, one-letter and over-long source names', () => {
    expect(parsePaperId('OpenReview:abc')).toBeNull();
    expect(parsePaperId('x:abc')).toBeNull();
    expect(parsePaperId(`${'a'.repeat(33)}:abc`)).toBeNull();
  });

  it('rejects ids over 200 characters', () => {
    expect(parsePaperId(`openreview:${'a'.repeat(200)}`)?.id).toHaveLength('openreview:'.length + 200);
    expect(parsePaperId(`openreview:${'a'.repeat(201)}`)).toBeNull();
  });
});

describe('parsePaperId: garbage and hostile input', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['prose', 'attention is all you need'],
    ['a bare number', '13724'],
    ['a source without id', 'openreview:'],
    ['an id without source', ':abc'],
    ['spaces inside', 'openreview:abc def'],
    ['a query string', 'openreview:abc?x=1'],
    ['a script tag', 'openreview:<script>'],
    ['a non-arXiv URL', 'https://openreview.net/forum?id=rJ4km2R5t7'],
  ])('rejects %s', (_name, input) => {
    expect(parsePaperId(input)).toBeNull();
  });

  it.each([
    ['x:../a'],
    ['openreview:../etc/passwd'],
    ['openreview:a/../../b'],
    ['openreview:a/..'],
    ['openreview:..'],
    ['openreview:/etc/passwd'],
  ])('rejects the path traversal %s', (input) => {
    expect(parsePaperId(input)).toBeNull();
  });
});

describe('paper id helpers', () => {
  it('tells arXiv ids from other sources', () => {
    expect(isArxiv(parsePaperId('2310.13724')!)).toBe(true);
    expect(isArxiv(parsePaperId('openreview:abc')!)).toBe(false);
  });

  it('builds arXiv abs and pdf URLs that parse back to the same id', () => {
    expect(arxivAbsUrl('2310.13724')).toBe('https://arxiv.org/abs/2310.13724');
    expect(arxivPdfUrl('hep-th/9901001')).toBe('https://arxiv.org/pdf/hep-th/9901001');
    expect(parsePaperId(arxivAbsUrl('hep-th/9901001'))?.id).toBe('hep-th/9901001');
    expect(parsePaperId(arxivPdfUrl('2310.13724'))?.id).toBe('2310.13724');
  });
});

describe('parsePaperId: edge cases found in review', () => {
  it('rejects version 0, which arXiv never issues', () => {
    expect(parsePaperId('2310.13724v0')).toBeNull();
  });
  it('does not treat URL schemes as sources', () => {
    expect(parsePaperId('https:foo')).toBeNull();
    expect(parsePaperId('javascript:alert')).toBeNull();
  });
  it('accepts arXiv URLs with a query or anchor', () => {
    expect(parsePaperId('https://arxiv.org/abs/2310.13724v2?context=cs#x')).toEqual({ id: '2310.13724', source: 'arxiv', version: 2 });
  });
});
