/**
 * A multi-page OAI-PMH ListRecords feed (arXiv metadata format) derived from
 * the real records in test/fixtures/arxiv-oai: each page re-uses those records
 * with new ids, so a harvest of many pages can be replayed and checked record
 * by record.
 */
import { fixtureText } from '../fixtures/files.ts';
import type { Route } from './replay-server.ts';

const TEMPLATE = fixtureText('arxiv-oai/oai-arXiv-ListRecords-last-page.xml');
const RECORDS = [...TEMPLATE.matchAll(/<record>[\s\S]*?<\/record>/g)].map((m) => m[0]).filter((r) => r.includes("<id>"));
const ORIGINAL_ID = (record: string): string => /<id>([^<]+)<\/id>/.exec(record)![1]!;

export interface OaiFeed {
  /** every paper id the whole feed lists */
  readonly ids: readonly string[];
  readonly pages: number;
  page(n: number): string;
  /** replay-server route answering ListRecords (first page) and resumption tokens */
  route(): Route;
}

export function oaiFeed(pages: number, perPage: number, responseDate = '2024-02-01T10:00:00Z'): OaiFeed {
  const ids: string[] = [];
  const bodies: string[] = [];
  for (let p = 0; p < pages; p++) {
    const records: string[] = [];
    for (let r = 0; r < perPage; r++) {
      const n = p * perPage + r;
      const id = `2401.${String(10000 + n)}`;
      ids.push(id);
      const template = RECORDS[n % RECORDS.length]!;
      const original = ORIGINAL_ID(template);
      records.push(template.split(original).join(id));
    }
    const last = p === pages - 1;
    const token = last ? `<resumptionToken cursor="${p * perPage}" completeListSize="${pages * perPage}"/>` : `<resumptionToken cursor="${p * perPage}" completeListSize="${pages * perPage}">tok-${p + 1}</resumptionToken>`;
    bodies.push(
      `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n<responseDate>${responseDate}</responseDate>\n<request verb="ListRecords">http://127.0.0.1/oai</request>\n<ListRecords>\n${records.join('\n')}\n${token}\n</ListRecords>\n</OAI-PMH>\n`,
    );
  }
  return {
    ids,
    pages,
    page: (n) => bodies[n]!,
    route: () => ({
      match: (u) => u.searchParams.get('verb') === 'ListRecords',
      reply: (u) => {
        const token = u.searchParams.get('resumptionToken');
        if (token === null) return { body: bodies[0]! };
        const n = Number(/^tok-(\d+)$/.exec(token)?.[1] ?? NaN);
        if (!Number.isInteger(n) || n >= bodies.length) return { body: fixtureText('arxiv-oai/oai-error-badResumptionToken.xml') };
        return { body: bodies[n]! };
      },
    }),
  };
}
