/** Query parameters of search, validated the same way for the page and the API. */
import { z } from 'zod';
import { invalidInput } from '../domain/errors.ts';
import { MAX_QUERY_LENGTH } from '../search/query.ts';
import { MAX_RESULTS } from '../search/search-service.ts';

const params = z.object({
  q: z.string({ error: 'q is required: the words to search for' }).max(MAX_QUERY_LENGTH, `q must be under ${MAX_QUERY_LENGTH} characters`),
  page: z.string().regex(/^\d{1,3}$/, { error: 'page must be a whole number from 1', abort: true }).optional(),
  limit: z.string().regex(/^\d{1,3}$/, { error: `limit must be a whole number from 1 to 100`, abort: true }).optional(),
});

export interface SearchParams {
  readonly q: string;
  /** 0-based */
  readonly page: number;
  readonly limit: number;
}

export function parseSearchParams(query: Record<string, string>, defaults: { limit: number }): SearchParams {
  const parsed = params.safeParse(query);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => i.message).join('; '));
  const page = parsed.data.page === undefined ? 0 : Number(parsed.data.page) - 1;
  const limit = parsed.data.limit === undefined ? defaults.limit : Number(parsed.data.limit);
  if (page < 0) throw invalidInput('page must be a whole number from 1');
  if (limit < 1 || limit > 100) throw invalidInput('limit must be a whole number from 1 to 100');
  if ((page + 1) * limit > MAX_RESULTS) throw invalidInput(`search shows the best ${MAX_RESULTS} results: ask for an earlier page or narrow the query`);
  return { q: parsed.data.q, page, limit };
}
