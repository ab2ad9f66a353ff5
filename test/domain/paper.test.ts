import { describe, expect, it } from 'vitest';
import { authorLine, normalizeAbstract, normalizeTitle, paperUpvotes, type ListingRecord } from '../../src/domain/paper.ts';

describe('normalizeTitle', () => {
  it('joins a title hard-wrapped by arXiv into one line', () => {
    expect(normalizeTitle('ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal\n  Models')).toBe(
      'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models',
    );
  });

  it('collapses runs of spaces, tabs and CRLF and trims the ends', () => {
    expect(normalizeTitle('  A\t\tTitle \r\n with   gaps  ')).toBe('A Title with gaps');
  });

  it('leaves a clean title alone and blank input empty', () => {
    expect(normalizeTitle('Attention Is All You Need')).toBe('Attention Is All You Need');
    expect(normalizeTitle(' \n ')).toBe('');
  });
});

describe('normalizeAbstract', () => {
  it('joins lines wrapped at ~80 columns into one paragraph', () => {
    expect(normalizeAbstract('High-resolution Large Multimodal Models (LMMs) encounter the challenges of\nexcessive visual tokens.\n')).toBe(
      'High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive visual tokens.',
    );
  });

  it('keeps blank lines as paragraph breaks, however many and whatever whitespace they hold', () => {
    expect(normalizeAbstract('First para\nwrapped.\n\nSecond para.\n \t \n\n\nThird.')).toBe('First para wrapped.\n\nSecond para.\n\nThird.');
  });

  it('treats CRLF and lone CR line ends like LF', () => {
    expect(normalizeAbstract('One\r\ntwo.\r\n\r\nThree\rfour.')).toBe('One two.\n\nThree four.');
  });

  it('drops leading and trailing blank paragraphs', () => {
    expect(normalizeAbstract('\n\n  Only one.  \n\n\n')).toBe('Only one.');
    expect(normalizeAbstract('   ')).toBe('');
  });
});

describe('authorLine', () => {
  const people = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'].map((name) => ({ name }));

  it('lists up to three authors in full', () => {
    expect(authorLine(people.slice(0, 1))).toBe('Ada Lovelace');
    expect(authorLine(people.slice(0, 3))).toBe('Ada Lovelace, Alan Turing, Grace Hopper');
  });

  it('cuts a longer list after three names with "et al."', () => {
    expect(authorLine(people)).toBe('Ada Lovelace, Alan Turing, Grace Hopper et al.');
  });

  it('honours a custom maximum', () => {
    expect(authorLine(people, 1)).toBe('Ada Lovelace et al.');
    expect(authorLine(people, 4)).toBe('Ada Lovelace, Alan Turing, Grace Hopper, Edsger Dijkstra');
  });

  it('is empty for no authors', () => {
    expect(authorLine([])).toBe('');
  });
});

describe('paperUpvotes', () => {
  const listing = (day: string, upvotes: number): ListingRecord => ({ paperId: '2604.07429', day, submittedAt: `${day}T00:00:00.000Z`, submittedOnDailyAt: null, submittedBy: null, upvotes, numComments: 0, thumbnail: null, authorParticipating: false });

  it('is the highest count among the listings, not the sum or the latest', () => {
    expect(paperUpvotes([listing('2026-04-16', 42), listing('2026-04-10', 2)])).toBe(42);
    expect(paperUpvotes([listing('2026-04-16', 2), listing('2026-04-10', 42)])).toBe(42);
  });

  it('is 0 without listings', () => {
    expect(paperUpvotes([])).toBe(0);
  });
});
