import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arxivCategoryForSubject } from '../../src/ingest/oai/arxiv-subjects.ts';
import { dcCreatorName, parseListRecords, type OaiRecord } from '../../src/ingest/oai/oai-pmh.ts';
import { splitAuthorLine, texToUnicode } from '../../src/ingest/arxiv/clean-fields.ts';
import { toVersionRecord, type ArxivEntry } from '../../src/ingest/parsed-entry.ts';
import { MalformedXmlError } from '../../src/ingest/xml-document.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/arxiv-oai/${name}`, import.meta.url), 'utf8');
const OAI_DC = fixture('atomiklabs_ListRecords_oai_dc_set-cs_from-2024-01-25.xml');
const ARXIV = fixture('oai-arXiv-ListRecords-last-page.xml');
const RAW = fixture('oai-arXivRaw-ListRecords.xml');

const entries = (records: OaiRecord[]): ArxivEntry[] => records.flatMap((r) => (r.entry ? [r.entry] : []));

describe('parseListRecords oai_dc (real page)', () => {
  const page = parseListRecords(OAI_DC, 'oai_dc');

  it('reads the five records, the resumption token with cursor and list size, and the response date', () => {
    expect(page.error).toBeNull();
    expect(page.problems).toEqual([]);
    expect(page.records.map((r) => r.header.paperId)).toEqual(['1303.2033', '2401.14034', '2401.14036', '2401.14038', '2401.14040']);
    expect(page.resumptionToken).toEqual({ token: '6960524|1001', cursor: 0, completeListSize: 1162 });
    expect(page.responseDate).toBe('2024-01-27T17:53:42.000Z');
  });

  it('maps a Dublin Core record: Last, First -> First Last; subjects -> codes; Comment: -> comment; first/last date', () => {
    const r = page.records[0]!;
    expect(r.header).toEqual({ identifier: 'oai:arXiv.org:1303.2033', paperId: '1303.2033', datestamp: '2024-01-25', setSpecs: ['cs'], deleted: false });
    expect(r.entry!.paper).toMatchObject({
      id: '1303.2033',
      source: 'arxiv',
      version: null,
      title: 'Extended Fourier analysis of signals',
      authors: [{ name: 'Vilnis Liepins' }],
      categories: ['cs.DS', 'cs.IT', 'math.NA'],
      primaryCategory: 'cs.DS',
      comment: '32 pages, 9 figures',
      publishedAt: '2013-03-08T00:00:00.000Z',
      updatedAt: '2024-01-23T00:00:00.000Z',
      doi: null,
      journalRef: null,
    });
    expect(r.entry!.paper.abstract).toMatch(/^This summary of the doctoral thesis/);
    expect(r.entry!.paper.abstract).not.toMatch(/Comment:/);
    // no version in oai_dc: nothing for the version history
    expect(toVersionRecord(r.entry!)).toBeNull();
  });

  it('gives a one-date record the same published and updated instant, and the hyphenated first names whole', () => {
    const r = page.records[2]!.entry!.paper;
    expect(r.publishedAt).toBe('2024-01-25T00:00:00.000Z');
    expect(r.updatedAt).toBe('2024-01-25T00:00:00.000Z');
    expect(r.authors[0]).toEqual({ name: 'Jiu-Cheng Xie' });
    expect(r.categories).toEqual(['cs.CV']);
  });

  it('maps doi: and journal-reference identifiers', () => {
    const xml = OAI_DC.replace(
      '<dc:identifier>http://arxiv.org/abs/1303.2033</dc:identifier>',
      '<dc:identifier>http://arxiv.org/abs/1303.2033</dc:identifier><dc:identifier>doi:10.1000/xyz</dc:identifier><dc:identifier>J. Test 1 (2024) 1-2</dc:identifier>',
    );
    expect(parseListRecords(xml, 'oai_dc').records[0]!.entry!.paper).toMatchObject({ doi: '10.1000/xyz', journalRef: 'J. Test 1 (2024) 1-2' });
  });
});

describe('parseListRecords arXiv format (derived)', () => {
  const page = parseListRecords(ARXIV, 'arXiv');

  it('reads structured authors with affiliations, space-separated categories, created/updated', () => {
    expect(page.problems).toEqual([]);
    const [a, b] = entries(page.records);
    expect(a!.paper).toMatchObject({
      id: '1111.2011',
      version: null,
      authors: [{ name: 'James M. Murray' }, { name: 'Adrian Del Maestro' }, { name: 'Zlatko Tesanovic' }],
      categories: ['cond-mat.str-el', 'cond-mat.stat-mech'],
      primaryCategory: 'cond-mat.str-el',
      publishedAt: '2011-11-08T00:00:00.000Z',
      updatedAt: '2012-04-02T00:00:00.000Z',
      doi: '10.1103/PhysRevB.85.115117',
      journalRef: 'Phys. Rev. B 85, 115117 (2012)',
      comment: '8 pages, 3 figures. Published version',
      title: 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit',
    });
    expect(a!.license).toBe('http://arxiv.org/licenses/nonexclusive-distrib/1.0/');
    expect(a!.affiliations).toBeUndefined();
    expect(b!.paper).toMatchObject({ id: 'astro-ph/0601001', updatedAt: '2006-01-02T00:00:00.000Z', journalRef: 'ActaAstron.56:1-50,2006' });
    expect(b!.affiliations).toEqual([['Ohio State'], ['Ohio State'], ['CfA'], ['Warsaw University Observatory']]);
  });

  it('keeps ids that look like numbers exactly (2401.14040 is not 2401.1404)', () => {
    const xml = ARXIV.replace('<id>1111.2011</id>', '<id>2401.14040</id>');
    expect(entries(parseListRecords(xml, 'arXiv').records)[0]!.paper.id).toBe('2401.14040');
  });

  it('flags a deleted record with its id and no entry', () => {
    const deleted = page.records[2]!;
    expect(deleted).toEqual({
      header: { identifier: 'oai:arXiv.org:1605.08386', paperId: '1605.08386', datestamp: '2024-01-26', setSpecs: ['math'], deleted: true },
      entry: null,
    });
  });

  it('treats an empty resumption token as the end of the list', () => {
    expect(page.resumptionToken).toBeNull();
  });
});

describe('parseListRecords arXivRaw (derived)', () => {
  const page = parseListRecords(RAW, 'arXivRaw');
  const [murray, gould, aew] = entries(page.records);

  it('exposes the whole version history and takes the latest version for the paper', () => {
    expect(page.problems).toEqual([]);
    expect(murray!.versions).toEqual([
      { version: 1, date: '2011-11-08T18:48:36.000Z', size: '1022kb' },
      { version: 2, date: '2012-04-02T12:38:54.000Z', size: '1023kb' },
    ]);
    expect(murray!.version).toBe(2);
    expect(murray!.submitter).toBe('Adrian Del Maestro');
    expect(murray!.paper).toMatchObject({
      id: '1111.2011',
      version: 2,
      publishedAt: '2011-11-08T18:48:36.000Z',
      updatedAt: '2012-04-02T12:38:54.000Z',
      authors: [{ name: 'James M. Murray' }, { name: 'Adrian Del Maestro' }, { name: 'Zlatko Tesanovic' }],
    });
    expect(toVersionRecord(murray!)).toEqual({
      paperId: '1111.2011',
      version: 2,
      title: murray!.paper.title,
      abstract: murray!.paper.abstract,
      submittedAt: '2012-04-02T12:38:54.000Z',
    });
    expect(page.resumptionToken).toEqual({ token: '7012345|1001', cursor: 0, completeListSize: 1004 });
  });

  it('splits "A (aff), B (aff)" author lines into names and affiliations', () => {
    expect(gould!.paper.authors.map((a) => a.name)).toEqual(['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski']);
    expect(gould!.affiliations).toEqual([['Ohio State'], ['Ohio State'], ['CfA'], ['Warsaw University Observatory']]);
  });

  it('splits "A, B and C" and turns TeX accents into letters', () => {
    const names = aew!.paper.authors.map((a) => a.name);
    expect(names).toHaveLength(34);
    expect(names.slice(-3)).toEqual(['Tadashi Wadayama', 'Dirk Wübben', 'Hirosuke Yamamoto']);
    expect(names).not.toContain('and Hirosuke Yamamoto');
  });

  it('reports a record with an unreadable version date as a problem and keeps the others', () => {
    const xml = RAW.replace('<date>Mon, 2 Jan 2006 14:57:58 GMT</date>', '<date>yesterday-ish</date>');
    const parsed = parseListRecords(xml, 'arXivRaw');
    expect(entries(parsed.records).map((e) => e.paper.id)).toEqual(['1111.2011', '1707.08567']);
    expect(parsed.problems).toEqual([{ where: 'record 2 (oai:arXiv.org:astro-ph/0601001)', reason: expect.stringContaining('unreadable <version version="v1">') }]);
  });

  it('reports a record in another metadata format than asked for as a problem', () => {
    const parsed = parseListRecords(RAW, 'arXiv');
    expect(parsed.records).toEqual([]);
    expect(parsed.problems).toHaveLength(3);
    expect(parsed.problems[0]!.reason).toBe('the record has no arXiv metadata');
  });
});

describe('parseListRecords OAI errors', () => {
  it.each([
    ['noRecordsMatch', 'No records match the request'],
    ['badResumptionToken', 'Invalid or expired resumption token: 6960524|1001'],
    ['badArgument', 'Illegal argument: from=2024-13-45 is not a valid date'],
    ['cannotDisseminateFormat', 'The metadata format marc21 is not supported by this repository'],
  ])('returns %s as an error value, not an exception', (code, message) => {
    const page = parseListRecords(fixture(`oai-error-${code}.xml`), 'oai_dc');
    expect(page).toEqual({ records: [], resumptionToken: null, responseDate: '2024-01-28T10:05:00.000Z', error: { code, message }, problems: [] });
  });
});

describe('parseListRecords: malformed documents', () => {
  it.each([
    ['oai_dc', OAI_DC],
    ['arXiv', ARXIV],
    ['arXivRaw', RAW],
  ] as const)('throws a clear error on a truncated %s page', (prefix, xml) => {
    for (const at of [0.3, 0.6, 0.99]) {
      const cut = xml.slice(0, Math.floor(xml.length * at));
      expect(() => parseListRecords(cut, prefix)).toThrow(MalformedXmlError);
      expect(() => parseListRecords(cut, prefix)).toThrow(/OAI-PMH response: the XML document is incomplete or malformed/);
    }
  });

  it('throws on a response that is neither ListRecords nor an error', () => {
    const xml = OAI_DC.replace(/<ListRecords>[\s\S]*<\/ListRecords>/, '<Identify><repositoryName>arXiv</repositoryName></Identify>');
    expect(() => parseListRecords(xml, 'oai_dc')).toThrow(/neither <ListRecords> nor <error>/);
  });
});

describe('helpers', () => {
  it('dcCreatorName reorders Last, First and keeps suffixes and collaborations', () => {
    expect(dcCreatorName('Liepins, Vilnis')).toBe('Vilnis Liepins');
    expect(dcCreatorName('Smith, John, Jr')).toBe('John Smith Jr');
    expect(dcCreatorName('ATLAS Collaboration')).toBe('ATLAS Collaboration');
  });

  it('arxivCategoryForSubject maps taxonomy names and says null for unknown ones', () => {
    expect(arxivCategoryForSubject('Computer Science - Machine Learning')).toBe('cs.LG');
    expect(arxivCategoryForSubject('Statistics - Machine Learning')).toBe('stat.ML');
    expect(arxivCategoryForSubject('Quantum Physics')).toBe('quant-ph');
    expect(arxivCategoryForSubject('High Energy Physics - Theory')).toBe('hep-th');
    expect(arxivCategoryForSubject('Condensed Matter - Strongly Correlated Electrons')).toBe('cond-mat.str-el');
    expect(arxivCategoryForSubject('Physics - Fluid Dynamics')).toBe('physics.flu-dyn');
    expect(arxivCategoryForSubject('Basket Weaving')).toBeNull();
  });

  it('texToUnicode handles the accent spellings arXiv metadata uses', () => {
    expect(texToUnicode("Bal\\'azs")).toBe('Balázs');
    expect(texToUnicode('W{\\"u}bben')).toBe('Wübben');
    expect(texToUnicode('\\v{S}koda')).toBe('Škoda');
    expect(texToUnicode('Garc\\\'{\\i}a')).toBe('García');
    expect(texToUnicode('{\\O}stergaard')).toBe('Østergaard');
    expect(texToUnicode('Plain Name')).toBe('Plain Name');
  });

  it('splitAuthorLine handles Oxford commas and commas inside affiliations', () => {
    expect(splitAuthorLine('A. One, B. Two, and C. Three')).toEqual([
      { name: 'A. One', affiliations: [] },
      { name: 'B. Two', affiliations: [] },
      { name: 'C. Three', affiliations: [] },
    ]);
    expect(splitAuthorLine('A. One (MIT, Cambridge), B. Anderson')).toEqual([
      { name: 'A. One', affiliations: ['MIT', 'Cambridge'] },
      { name: 'B. Anderson', affiliations: [] },
    ]);
  });
});
