/**
 * What a source is, written once: the fields of the rss / arxiv / oai / daily /
 * id sources and their rules. `paperboy ingest` builds a {@link SourceRun} from
 * its flags and `PAPERBOY_SOURCES` builds a schedule from JSON; both validate
 * every field with the schemas below, so a category or an OAI set means the
 * same thing (and is refused for the same reason) wherever it is given.
 */
import { z } from 'zod';
import { parseDay } from '../domain/period.ts';

export const OAI_FORMATS = ['arXiv', 'arXivRaw', 'oai_dc'] as const;
export type OaiFormat = (typeof OAI_FORMATS)[number];

/** The rule of each field, with the message that says what a good value looks like. */
export const sourceField = {
  category: z.string().regex(/^[a-z-]+(?:\.[A-Za-z-]+)?$/, 'is not an arXiv category such as cs.AI, math.GT or hep-th'),
  oaiSet: z.string().regex(/^[a-z-]+(?::[a-z-]+(?::[A-Za-z.-]+)?)?$/, 'is not an OAI set such as cs, physics:hep-th or cs:cs:LG'),
  oaiFormat: z.enum(OAI_FORMATS, { error: 'must be arXiv, arXivRaw or oai_dc' }),
  day: z.string().refine((v) => parseDay(v) !== null, 'is not a date: use YYYY-MM-DD'),
  upstream: z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'is not an http(s) URL')
    .transform((v) => v.replace(/\/+$/, '')),
} as const;

/** The most days one `ingest daily` run may fetch. */
export const MAX_DAILY_DAYS = 366;

/** One run of one source, fully resolved: what `runSource` fetches. */
export type SourceRun =
  | { readonly kind: 'rss'; readonly category: string }
  | { readonly kind: 'arxiv'; readonly category: string; readonly since: string }
  | { readonly kind: 'oai'; readonly set: string | null; readonly format: OaiFormat; readonly from?: string; readonly until: string | null }
  | { readonly kind: 'daily'; readonly upstream: string; readonly dates: readonly string[] }
  | { readonly kind: 'id'; readonly ids: readonly string[] };

/**
 * Checks one outside value against a field rule; the error names where the
 * value came from (`--category`, `sources[2].set`) and quotes it.
 */
export function checkField<S extends z.ZodType>(schema: S, value: unknown, where: string): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, message: `${where} ${JSON.stringify(value)} ${r.error.issues[0]?.message ?? 'is not valid'}` };
}
