/**
 * arXiv's daily listing feeds (rss.arxiv.org/rss/cs.AI and the Atom variant
 * rss.arxiv.org/atom/cs.AI) -> announced entries.
 *
 * Each item is one announcement of the day: `new` (first version), `cross`
 * (a paper of another category cross-listed here), `replace` (a new version)
 * or `replace-cross`. The description reads
 * `arXiv:2310.13724v2 Announce Type: replace \nAbstract: ...`; the guid is
 * `oai:arXiv.org:2310.13724v2`; authors are one comma-separated dc:creator.
 *
 * The feeds carry no submission times, only the announcement day: an item's
 * `announcedAt` becomes the paper's `updatedAt`, and its `publishedAt` only
 * for a first version (both approximate; the query API or OAI-PMH give exact
 * times). The first category listed is taken as the primary one.
 */
import { arxivPaper, splitAuthorLine, toInstant, versionNumber } from '../arxiv/clean-fields.ts';
import { tryEntry, type ArxivEntry, type ParseProblem } from '../parsed-entry.ts';
import { attr, child, children, parseXmlDocument, textAt, textsAt, type XmlNode } from '../xml-document.ts';

export const ANNOUNCE_TYPES = ['new', 'cross', 'replace', 'replace-cross'] as const;
export type AnnounceType = (typeof ANNOUNCE_TYPES)[number];

export interface ListingItem {
  readonly entry: ArxivEntry;
  readonly announceType: AnnounceType;
  /** ISO instant of the item's announcement (its pubDate), when given */
  readonly announcedAt: string | null;
}

export interface ListingFeed {
  /** ISO instant of the listing (channel pubDate / feed updated); null when absent */
  readonly channelDate: string | null;
  readonly items: ListingItem[];
  readonly problems: ParseProblem[];
}

const DESCRIPTION = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?([\s\S]*)$/i;

/** Throws MalformedXmlError when `xml` is not a complete RSS 2.0 or Atom listing. */
export function parseArxivListingFeed(xml: string): ListingFeed {
  const { root, node } = parseXmlDocument(xml, ['rss', 'feed'], 'arXiv listing feed');
  const problems: ParseProblem[] = [];
  const items: ListingItem[] = [];
  let channelDate: string | null;
  let raw: { where: string; fields: RawItem }[];

  if (root === 'rss') {
    const channel = child(node, 'channel');
    channelDate = toInstant(textAt(channel, 'pubDate')) ?? toInstant(textAt(channel, 'lastBuildDate'));
    raw = children(channel, 'item').map((item, i) => ({
      where: `item ${i + 1}${textAt(item, 'guid') ? ` (${textAt(item, 'guid')})` : ''}`,
      fields: {
        guid: textAt(item, 'guid'),
        link: textAt(item, 'link'),
        title: textAt(item, 'title'),
        description: textAt(item, 'description'),
        categories: textsAt(item, 'category'),
        creators: textsAt(item, 'creator'),
        date: textAt(item, 'pubDate'),
        announceType: textAt(item, 'announce_type'),
        license: textAt(item, 'rights'),
      },
    }));
  } else {
    channelDate = toInstant(textAt(node, 'updated'));
    raw = children(node, 'entry').map((entry, i) => ({
      where: `entry ${i + 1}${textAt(entry, 'id') ? ` (${textAt(entry, 'id')})` : ''}`,
      fields: atomFields(entry),
    }));
  }

  for (const { where, fields } of raw) {
    const item = tryEntry(where, problems, () => listingItem(fields));
    if (item) items.push(item);
  }
  return { channelDate, items, problems };
}

interface RawItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  description: string | null;
  categories: string[];
  /** author lines: one comma-separated line, or one name per element */
  creators: string[];
  date: string | null;
  announceType: string | null;
  license: string | null;
}

function atomFields(entry: XmlNode): RawItem {
  const alternate = children(entry, 'link').find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  const authorNames = children(entry, 'author')
    .map((a) => textAt(a, 'name'))
    .filter((n): n is string => n !== null);
  return {
    guid: textAt(entry, 'id'),
    link: attr(alternate, 'href'),
    title: textAt(entry, 'title'),
    description: textAt(entry, 'summary'),
    categories: children(entry, 'category')
      .map((c) => attr(c, 'term'))
      .filter((t): t is string => t !== null),
    creators: [...textsAt(entry, 'creator'), ...authorNames],
    date: textAt(entry, 'published') ?? textAt(entry, 'updated'),
    announceType: textAt(entry, 'announce_type'),
    license: textAt(entry, 'rights'),
  };
}

function listingItem(f: RawItem): ListingItem {
  const described = DESCRIPTION.exec(f.description ?? '');
  const idText = f.guid?.replace(/^oai:arXiv\.org:/i, '') ?? described?.[1] ?? f.link;
  if (!idText) throw new Error('the item has no guid, id or link');
  const announceType = (f.announceType ?? described?.[2] ?? '').toLowerCase();
  if (!(ANNOUNCE_TYPES as readonly string[]).includes(announceType)) {
    throw new Error(`unknown announce type ${JSON.stringify(announceType)} (expected ${ANNOUNCE_TYPES.join(', ')})`);
  }
  const announcedAt = toInstant(f.date);
  const abstract = described ? (described[3] ?? '') : (f.description ?? '');
  const split = f.creators.flatMap((line) => splitAuthorLine(line));
  const paper0 = arxivPaper({
    idText,
    title: f.title ?? '',
    abstract,
    authors: split.map((a) => ({ name: a.name })),
    categories: f.categories,
    publishedAt: null,
    updatedAt: announcedAt,
  });
  // the guid names the announced version; the link usually does not
  const version = paper0.version ?? versionNumber(/v(\d+)$/.exec(described?.[1] ?? '')?.[0]);
  const paper = { ...paper0, version, publishedAt: version === 1 ? announcedAt : null };
  return {
    entry: {
      paper,
      version,
      submittedAt: null,
      versions: [],
      ...(split.some((a) => a.affiliations.length > 0) ? { affiliations: split.map((a) => a.affiliations) } : {}),
      pdfUrl: null,
      ...(f.license ? { license: f.license } : {}),
    },
    announceType: announceType as AnnounceType,
    announcedAt,
  };
}
