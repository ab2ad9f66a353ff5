/** Reading what the outbox mailer wrote: the newest messages, parsed. */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';

export async function outboxMessages(dir: string): Promise<ParsedMail[]> {
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map((f) => simpleParser(fs.readFileSync(path.join(dir, f)))));
}

/** The sign-in link in the newest message to `to`. */
export async function signInLinkFor(dir: string, to: string): Promise<string> {
  const messages = (await outboxMessages(dir)).filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '').includes(to));
  const last = messages.at(-1);
  if (!last) throw new Error(`no message to ${to} in ${dir}`);
  const m = /https?:\/\/\S+\/signin\/verify\?token=[A-Za-z0-9_%-]+/.exec(last.text ?? '');
  if (!m) throw new Error('no sign-in link in the message');
  return m[0];
}
