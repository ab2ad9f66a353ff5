/** Query parameters of search, validated the same way for the page and the API. */
import { z } from 'zod';
import { invalidInput } from '../domain/errors.ts';
import { MAX_QUERY_LENGTH, MAX_RESULTS } from '../app/types.ts';
import { wholeNumber } from './param-rules.ts';

const params = z.object({
  q: z.string({ error: 'q is required: the words to search for' }).max(MAX_QUERY_LENGTH, `q must be under ${MAX_QUERY_LENGTH} characters`),
  page: z.string().optional(),
  limit: z.string().optional(),
});

export interface SearchParams {
  readonly q: string;
  /** 0-based */
  readonly page: number;
  readonly limit: number;
}

/**
 * `limit` is the page size: `defaults.limit` when absent, fixed when
 * `defaults.fixed` (the search page shows a set number per page). Search shows
 * the best MAX_RESULTS results, so the last page depends on the page size.
 */
export function parseSearchParams(query: Record<string, string>, defaults: { limit: number; fixed?: boolean }): SearchParams {
  const parsed = params.safeParse(query);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => i.message).join('; '));
  const limit = defaults.fixed ? defaults.limit : wholeNumber('limit', parsed.data.limit, defaults.limit, { min: 1, max: 100 });
  const lastPage = Math.floor(MAX_RESULTS / limit);
  const why = `search shows the best ${MAX_RESULTS} results, ${limit} per page: ask for an earlier page or narrow the query`;
  const page = wholeNumber('page', parsed.data.page, 1, { min: 1, max: lastPage, why }) - 1;
  return { q: parsed.data.q, page, limit };
}
