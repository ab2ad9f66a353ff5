/** Reading a submitted form: named text fields only, bounded, with a clear error for anything else. */
import type { Context } from 'hono';
import { invalidInput } from '../../domain/errors.ts';

/** The form's text fields (files and repeated fields refused); each at most `maxLength` characters. */
export async function formFields(c: Context, maxLength = 20_000): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw invalidInput('Send this as a form (application/x-www-form-urlencoded).');
  }
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') throw invalidInput(`The field “${name}” must be text.`);
    if (value.length > maxLength) throw invalidInput(`The field “${name}” is longer than ${maxLength} characters.`);
    out[name] = value;
  }
  return out;
}
