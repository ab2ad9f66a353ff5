import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/ingest/arxiv/atom.ts';
import { toVersionRecord } from '../../src/ingest/parsed-entry.ts';
import { MalformedXmlError } from '../../src/ingest/xml-document.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/arxiv-api/${name}`, import.meta.url), 'utf8');
const head = (name: string): string => fixture(`head/${name}`);

describe('parseArxivAtom (2026 format)', () => {
  it('reads an old-style id entry: id without version, version, affiliations, journal ref, primary category, pdf link', () => {
    const page = parseArxivAtom(head('id_astro-ph_0601001_s0_m100_3150dca9dc76.xml'));
    expect(page).toMatchObject({ totalResults: 1, startIndex: 0, itemsPerPage: 100, apiError: null, problems: [] });
    expect(page.entries).toHaveLength(1);
    const [e] = page.entries;
    expect(e!.paper).toMatchObject({
      id: 'astro-ph/0601001',
      source: 'arxiv',
      version: 1,
      title: 'Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina',
      authors: [{ name: 'Andrew Gould' }, { name: 'Susan Dorsher' }, { name: 'B. Scott Gaudi' }, { name: 'Andrzej Udalski' }],
      categories: ['astro-ph'],
      primaryCategory: 'astro-ph',
      publishedAt: '2006-01-02T14:57:58.000Z',
      updatedAt: '2006-01-02T14:57:58.000Z',
      journalRef: 'ActaAstron.56:1-50,2006',
      doi: null,
      githubRepo: null,
      aiKeywords: [],
    });
    expect(e!.paper.comment).toMatch(/^62 pages including 16 figures/);
    // entities decoded, leading blanks of the summary gone
    expect(e!.paper.abstract).toMatch(/^We derive the frequencies/);
    expect(e!.paper.abstract).toContain('V_max<17.5');
    expect(e!.paper.abstract).toContain('Gould & Morgan (2003)');
    expect(e!.affiliations).toEqual([['Ohio State'], ['Ohio State'], ['CfA'], ['Warsaw University Observatory']]);
    expect(e!.pdfUrl).toBe('https://arxiv.org/pdf/astro-ph/0601001v1');
    expect(e!.version).toBe(1);
    expect(e!.versions).toEqual([]);
  });

  it('keeps an old-style id with a version apart from its version, with every category and the primary one', () => {
    const [e] = parseArxivAtom(head('id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml')).entries;
    expect(e!.paper).toMatchObject({ id: 'quant-ph/0201082', version: 1, categories: ['quant-ph', 'cs.PL'], primaryCategory: 'quant-ph', comment: '32 pages' });
    expect(e!.affiliations).toBeUndefined();
  });

  it('keeps the title "0" as text (not a number, not dropped)', () => {
    const page = parseArxivAtom(head('id_2104.12255v1_s0_m100_6ae69987ffe1.xml'));
    expect(page.problems).toEqual([]);
    expect(page.entries[0]!.paper).toMatchObject({ id: '2104.12255', version: 1, title: '0', comment: null, journalRef: null });
  });

  it('repairs author names that arrive double-encoded (WÃ¼bben -> Wübben) and keeps all 34 authors in order', () => {
    const [e] = parseArxivAtom(head('id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml')).entries;
    const names = e!.paper.authors.map((a) => a.name);
    expect(names).toHaveLength(34);
    expect(names[0]).toBe('Kees A. Schouhamer Immink');
    expect(names).toContain('Dirk Wübben');
    expect(names.join(' ')).not.toMatch(/Ã/);
    expect(names[33]).toBe('Hirosuke Yamamoto');
  });

  it('reads a page of a search: counts, DOIs, journal refs, and a version history row per entry', () => {
    const page = parseArxivAtom(head('q_testing_s0_m10_bc5a6c384fe9.xml'));
    expect(page).toMatchObject({ totalResults: 214881, startIndex: 0, itemsPerPage: 10, apiError: null, problems: [] });
    expect(page.entries).toHaveLength(10);
    const first = page.entries[0]!;
    expect(first.paper).toMatchObject({ id: '2202.12139', doi: '10.1109/ICSTW55395.2022.00035', primaryCategory: 'cs.SE', categories: ['cs.SE', 'cs.LG'] });
    expect(page.entries[1]!.paper.authors.map((a) => a.name)).toEqual(['Aurora Ramírez', 'Mario Berrios', 'José Raúl Romero', 'Robert Feldt']);
    expect(toVersionRecord(first)).toEqual({
      paperId: '2202.12139',
      version: 1,
      title: first.paper.title,
      abstract: first.paper.abstract,
      submittedAt: '2022-02-24T15:05:19.000Z',
    });
    const next = parseArxivAtom(head('q_testing_s10_m10_34e56e15aaac.xml'));
    expect(next.startIndex).toBe(10);
    const ids = new Set([...page.entries, ...next.entries].map((x) => x.paper.id));
    expect(ids.size).toBe(20);
  });

  it('returns an empty result as zero entries, not an error', () => {
    const page = parseArxivAtom(head('id_0000.0000_s0_m100_8b51d9633a68.xml'));
    expect(page).toEqual({ totalResults: 0, startIndex: 0, itemsPerPage: 100, entries: [], problems: [], apiError: null });
  });

  it('turns the API error entry (HTTP 400 body) into apiError, not a paper', () => {
    const page = parseArxivAtom(head('id_abc_s0_m100_b79c8dcf6bc3.xml'));
    expect(page.apiError).toBe('incorrect id format for abc');
    expect(page.entries).toEqual([]);
    expect(page.problems).toEqual([]);
  });

  it('recognises the legacy http:// error id too', () => {
    const xml = head('id_abc_s0_m100_b79c8dcf6bc3.xml').replaceAll('https://arxiv.org/api/errors#', 'http://arxiv.org/api/errors#');
    expect(parseArxivAtom(xml).apiError).toBe('incorrect id format for abc');
  });
});

describe('parseArxivAtom (2016 format)', () => {
  it('reads per-element namespaces: v2 id, wrapped title, DOI, journal ref, primary category, updated vs published', () => {
    const page = parseArxivAtom(fixture('legacy/id_list_1111.2011v2.xml'));
    expect(page).toMatchObject({ totalResults: 1, startIndex: 0, itemsPerPage: 10, apiError: null });
    const e = page.entries[0]!;
    expect(e.paper).toMatchObject({
      id: '1111.2011',
      version: 2,
      title: 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit',
      categories: ['cond-mat.str-el', 'cond-mat.stat-mech'],
      primaryCategory: 'cond-mat.str-el',
      doi: '10.1103/PhysRevB.85.115117',
      journalRef: 'Phys. Rev. B 85, 115117 (2012)',
      comment: '8 pages, 3 figures. Published version',
      publishedAt: '2011-11-08T18:48:36.000Z',
      updatedAt: '2012-04-02T12:38:54.000Z',
    });
    // hard-wrapped abstract joined into one paragraph
    expect(e.paper.abstract).not.toContain('\n');
    expect(e.paper.abstract).toMatch(/^Theoretical description of anisotropic systems, such as layered superconductors/);
    expect(e.pdfUrl).toBe('http://arxiv.org/pdf/1111.2011v2');
    // v2's text was submitted when the entry was updated, not first published
    expect(e.submittedAt).toBe('2012-04-02T12:38:54.000Z');
    expect(toVersionRecord(e)).toMatchObject({ paperId: '1111.2011', version: 2, submittedAt: '2012-04-02T12:38:54.000Z' });
  });

  it('reads a legacy search page of 10 out of 31, mixing new- and old-style ids', () => {
    const page = parseArxivAtom(fixture('legacy/search_au_del_maestro.xml'));
    expect(page.totalResults).toBe(31);
    expect(page.entries).toHaveLength(10);
    expect(page.problems).toEqual([]);
    expect(page.entries.map((e) => [e.paper.id, e.version]).slice(0, 3)).toEqual([
      ['1201.4869', 1],
      ['cond-mat/0412498', 1],
      ['cond-mat/0603029', 1],
    ]);
    for (const e of page.entries) {
      expect(e.paper.id).not.toMatch(/v\d+$/);
      // the author is spelled "Adrian Del Maestro" on 6 entries and "A. Del Maestro" on 4
      expect(e.paper.authors.some((a) => /^(?:Adrian|A\.) Del Maestro$/.test(a.name))).toBe(true);
    }
    const checker = parseArxivAtom(fixture('legacy/search_au_del_maestro_AND_ti_checkerboard.xml')).entries[0]!;
    expect(checker.paper).toMatchObject({ id: 'cond-mat/0603029', version: 1, doi: '10.1103/PhysRevB.74.024520' });
  });
});

describe('parseArxivAtom: bad input', () => {
  const good = head('id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml');

  it('reports one bad entry as a problem and still returns the good ones', () => {
    const page = head('q_testing_s0_m10_bc5a6c384fe9.xml');
    const broken = page
      .replace('<id>http://arxiv.org/abs/2202.12139v1</id>', '<id>http://arxiv.org/abs/not-an-id</id>')
      .replace(/<title>Towards Explainable[^<]*<\/title>/, '<title>  </title>');
    const parsed = parseArxivAtom(broken);
    expect(parsed.entries).toHaveLength(8);
    expect(parsed.problems).toEqual([
      { where: 'entry 1 (http://arxiv.org/abs/not-an-id)', reason: expect.stringContaining('not an arXiv id') },
      { where: 'entry 2 (http://arxiv.org/abs/2405.13786v1)', reason: 'the entry has no title' },
    ]);
  });

  it('throws a clear error on a document cut mid-way', () => {
    const cut = good.slice(0, Math.floor(good.length / 2));
    expect(() => parseArxivAtom(cut)).toThrow(MalformedXmlError);
    expect(() => parseArxivAtom(cut)).toThrow(/incomplete or malformed/);
    // cut right after an entry closed: still incomplete
    expect(() => parseArxivAtom(good.slice(0, good.indexOf('</entry>') + '</entry>'.length))).toThrow(/incomplete/);
  });

  it('throws on something that is not an Atom feed (an HTML error page)', () => {
    expect(() => parseArxivAtom('<html><body>Rate exceeded</body></html>')).toThrow(/expected a <feed> document, found <html>/);
    expect(() => parseArxivAtom('')).toThrow(MalformedXmlError);
  });
});
