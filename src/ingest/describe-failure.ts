/**
 * Why an outside record could not be used, as report text. A record that
 * fails its zod schema gives one line per problem, `paper.id: Invalid input:
 * expected string, received number` (the path joined with dots, zod's
 * message), instead of the JSON that a ZodError's `message` holds. zod's own
 * `z.prettifyError` puts the path on a second line under each message, which
 * does not read well in a list of skipped records.
 */
import { z } from 'zod';

/** One line per issue: `path.to.field: message` (`value` when the record itself is wrong). */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : 'value'}: ${i.message}`);
}

/** The reason to report for a record: the issue lines of a ZodError joined by line breaks, else the error's message. */
export function describeFailure(e: unknown): string {
  if (e instanceof z.ZodError) return issueLines(e).join('\n');
  return e instanceof Error ? e.message : String(e);
}
