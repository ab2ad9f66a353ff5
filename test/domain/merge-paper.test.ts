import { describe, expect, it } from 'vitest';
import { mergePaper } from '../../src/domain/merge-paper.ts';
import { paperRecord } from '../fixtures/records.ts';

/** What arXiv knows about a paper: categories, comment, no upvotes or AI summary. */
const fromArxiv = paperRecord({
  id: '2604.07429',
  version: 1,
  title: 'GameWorld: Towards Standardized and Verifiable Evaluation of Multimodal Game Agents',
  abstract: 'Towards an embodied generalist, arXiv text.',
  authors: [{ name: 'Mingyu Ouyang' }, { name: 'Siyuan Hu' }],
  categories: ['cs.CV', 'cs.AI', 'cs.HC'],
  primaryCategory: 'cs.CV',
  publishedAt: '2026-04-08T17:59:00.000Z',
  updatedAt: '2026-04-08T17:59:00.000Z',
  comment: '23 pages, 8 figures',
});

/** What Daily Papers knows: claimed authors, AI summary, repo, organization; no categories. */
const fromDaily = paperRecord({
  id: '2604.07429',
  version: null,
  title: 'GameWorld: Towards Standardized and Verifiable Evaluation of Multimodal Game Agents',
  abstract: 'Towards an embodied generalist, Daily Papers text.',
  authors: [{ name: 'Mingyu Ouyang', username: 'yyyang' }, { name: 'Siyuan Hu' }],
  publishedAt: '2026-04-08T00:00:00.000Z',
  githubRepo: 'https://github.com/gameworld-project/gameworld',
  githubStars: 2,
  projectPage: 'https://gameworld-project.github.io/',
  aiSummary: 'GameWorld presents a standardized benchmark.',
  aiKeywords: ['video games'],
  organization: { name: 'NationalUniversityofSingapore', fullname: 'National University of Singapore' },
});

describe('mergePaper: fields one source leaves empty', () => {
  it('keeps arXiv categories, primary category and comment when a Daily Papers record arrives', () => {
    const merged = mergePaper(fromArxiv, fromDaily);
    expect(merged.categories).toEqual(['cs.CV', 'cs.AI', 'cs.HC']);
    expect(merged.primaryCategory).toBe('cs.CV');
    expect(merged.comment).toBe('23 pages, 8 figures');
    expect(merged.updatedAt).toBe('2026-04-08T17:59:00.000Z');
  });

  it('keeps Daily Papers extras when an arXiv record arrives', () => {
    const merged = mergePaper(fromDaily, fromArxiv);
    expect(merged.githubRepo).toBe(fromDaily.githubRepo);
    expect(merged.githubStars).toBe(2);
    expect(merged.projectPage).toBe(fromDaily.projectPage);
    expect(merged.aiSummary).toBe(fromDaily.aiSummary);
    expect(merged.aiKeywords).toEqual(['video games']);
    expect(merged.organization).toEqual(fromDaily.organization);
  });

  it('does not let an empty title or abstract erase the stored text', () => {
    const merged = mergePaper(fromArxiv, { ...fromDaily, title: '  ', abstract: '' });
    expect(merged.title).toBe(fromArxiv.title);
    expect(merged.abstract).toBe(fromArxiv.abstract);
  });

  it('does not let an empty author list erase the stored authors', () => {
    expect(mergePaper(fromDaily, { ...fromArxiv, authors: [] }).authors).toEqual(fromDaily.authors);
  });
});

describe('mergePaper: fields both sources fill', () => {
  it('takes the incoming value when versions do not say otherwise', () => {
    const merged = mergePaper(fromArxiv, fromDaily);
    expect(merged.abstract).toBe(fromDaily.abstract);
    expect(merged.authors).toEqual(fromDaily.authors);
    expect(merged.githubStars).toBe(2);
    expect(mergePaper(fromDaily, { ...fromDaily, githubStars: 50 }).githubStars).toBe(50);
  });

  it('keeps the earliest publication date whichever side has it', () => {
    expect(mergePaper(fromArxiv, fromDaily).publishedAt).toBe('2026-04-08T00:00:00.000Z');
    expect(mergePaper(fromDaily, fromArxiv).publishedAt).toBe('2026-04-08T00:00:00.000Z');
    expect(mergePaper(fromDaily, { ...fromArxiv, publishedAt: null }).publishedAt).toBe('2026-04-08T00:00:00.000Z');
    expect(mergePaper({ ...fromDaily, publishedAt: null }, fromArxiv).publishedAt).toBe('2026-04-08T17:59:00.000Z');
  });

  it('keeps identity (id and source) from the stored record', () => {
    const merged = mergePaper(fromArxiv, { ...fromDaily, id: 'other', source: 'other' });
    expect(merged.id).toBe('2604.07429');
    expect(merged.source).toBe('arxiv');
  });
});

describe('mergePaper: arXiv versions', () => {
  const v2 = { ...fromArxiv, version: 2, title: 'GameWorld v2 title', abstract: 'v2 abstract', comment: 'v2 comment', updatedAt: '2026-05-01T00:00:00.000Z' };

  it('lets a higher version replace the text fields', () => {
    const merged = mergePaper(fromArxiv, v2);
    expect(merged).toMatchObject({ version: 2, title: 'GameWorld v2 title', abstract: 'v2 abstract', comment: 'v2 comment', updatedAt: '2026-05-01T00:00:00.000Z' });
  });

  it('does not let a lower version replace the text fields of a higher one', () => {
    const merged = mergePaper(v2, fromArxiv);
    expect(merged).toMatchObject({ version: 2, title: 'GameWorld v2 title', abstract: 'v2 abstract', comment: 'v2 comment', updatedAt: '2026-05-01T00:00:00.000Z' });
  });

  it('still fills fields the higher version lacks from a lower version', () => {
    const merged = mergePaper({ ...v2, doi: null, categories: [] }, { ...fromArxiv, doi: '10.1/x' });
    expect(merged.doi).toBe('10.1/x');
    expect(merged.categories).toEqual(['cs.CV', 'cs.AI', 'cs.HC']);
  });

  it('keeps the highest known version and treats an unknown version as no opinion', () => {
    expect(mergePaper(v2, fromArxiv).version).toBe(2);
    expect(mergePaper(fromArxiv, v2).version).toBe(2);
    expect(mergePaper(v2, fromDaily).version).toBe(2);
    expect(mergePaper(fromDaily, fromArxiv).version).toBe(1);
    expect(mergePaper(fromDaily, { ...fromDaily }).version).toBeNull();
  });
});

describe('mergePaper: idempotence', () => {
  it('merging a record with itself changes nothing', () => {
    expect(mergePaper(fromArxiv, fromArxiv)).toEqual(fromArxiv);
    expect(mergePaper(fromDaily, fromDaily)).toEqual(fromDaily);
  });

  it('merging the same record twice gives the same result as once', () => {
    const once = mergePaper(fromArxiv, fromDaily);
    expect(mergePaper(once, fromDaily)).toEqual(once);
  });
});
