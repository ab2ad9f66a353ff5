/** The plain-text part: the same content as the HTML, wrapped at 76 columns, every link written out. */
import type { DigestContent } from './digest-content.ts';

const WIDTH = 76;

/** Word-wraps `text` to WIDTH columns, each line starting with `indent`. Long words (links) stay whole. */
export function wrap(text: string, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

export function digestText(c: DigestContent): string {
  const out: string[] = [`PAPERBOY · ${c.kind}`, '', c.heading, wrap(c.intro), `Web version: ${c.viewUrl}`, ''];
  c.items.forEach((i, n) => {
    const head = `${n + 1}. `;
    const pad = ' '.repeat(head.length);
    out.push(wrap(i.title, pad).replace(pad, head));
    if (i.authors) out.push(wrap(i.authors, pad));
    out.push(wrap(i.summary, pad));
    out.push(wrap(`▲ ${i.upvotes} upvote${i.upvotes === 1 ? '' : 's'} · why: ${i.reasons.join('; ')}`, pad));
    out.push(`${pad}${i.url}`, '');
  });
  out.push('-- ', wrap(c.footer), '', `Manage your digest: ${c.manageUrl}`, `Unsubscribe: ${c.unsubscribeUrl}`, '');
  return out.join('\n');
}
