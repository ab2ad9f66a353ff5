/**
 * What one digest says, before it is HTML or text: the papers with their
 * reasons, and the sentences around them. Both parts (digest-html.ts and
 * digest-text.ts) render this same value, so they never disagree.
 */
import { authorLine, normalizeTitle, type PaperRecord } from '../domain/paper.ts';
import { reasonText, shorten, type SelectedPaper } from '../domain/digest-selection.ts';
import type { Subscriber } from '../domain/digest.ts';
import type { DigestWindow } from '../domain/digest-window.ts';
import { oneLineSummary, plainText } from '../domain/plain-summary.ts';
import type { DigestLinks } from './digest-links.ts';

export interface DigestItem {
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly authors: string;
  readonly summary: string;
  readonly upvotes: number;
  readonly reasons: readonly string[];
}

export interface DigestContent {
  readonly subject: string;
  readonly kind: string;
  readonly heading: string;
  readonly intro: string;
  readonly preheader: string;
  readonly items: readonly DigestItem[];
  readonly footer: string;
  readonly viewUrl: string;
  readonly manageUrl: string;
  readonly unsubscribeUrl: string;
  readonly siteUrl: string;
  readonly siteHost: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function digestContent(input: {
  subscriber: Subscriber;
  window: DigestWindow;
  selected: readonly SelectedPaper[];
  papers: ReadonlyMap<string, PaperRecord>;
  upvotes: ReadonlyMap<string, number>;
  newCount: number;
  links: DigestLinks;
}): DigestContent {
  const { subscriber: s, window: w, links } = input;
  const items: DigestItem[] = input.selected.flatMap((sel) => {
    const p = input.papers.get(sel.paperId);
    if (!p) return [];
    return [
      {
        id: p.id,
        title: plainText(normalizeTitle(p.title)),
        url: links.paperUrl(p.id),
        authors: authorLine(p.authors, 4),
        summary: oneLineSummary(p),
        upvotes: input.upvotes.get(p.id) ?? 0,
        reasons: sel.reasons.map(reasonText),
      },
    ];
  });
  const n = items.length;
  const weekly = w.frequency === 'weekly';
  const heading = weekly ? `Your week in papers` : `Your papers for ${w.label.replace(/ \d{4}$/, '')}`;
  const top = items[0] ? `“${shorten(items[0].title, 70)}”${n > 1 ? ` and ${n - 1} more` : ''}` : '';
  const subject = weekly ? `Your week in papers (${w.label.replace(/^week \d+, /, '')}): ${top}` : `Your papers for ${w.label.replace(/ \d{4}$/, '')}: ${top}`;
  const siteHost = new URL(links.baseUrl).host;
  const when = s.frequency === 'weekly' ? 'every Monday' : 'every weekday';
  return {
    subject,
    kind: weekly ? `Weekly digest · ${w.label}` : 'Daily digest',
    heading,
    intro: `${n} paper${n === 1 ? '' : 's'} picked for you from ${input.newCount} new ${weekly ? 'this week' : w.start === w.end ? 'that day' : 'since the last digest'}.`,
    preheader: items.slice(0, 3).map((i) => shorten(i.title, 60)).join(' · '),
    items,
    footer: `You get this digest at ${s.email} ${when} at ${pad2(s.sendHour)}:00 (${s.timeZone}) because you subscribed on ${siteHost}. Each paper says why it is here: change what counts on your settings page.`,
    viewUrl: links.viewUrl(s.id, w.period),
    manageUrl: links.manageUrl(s.id),
    unsubscribeUrl: links.unsubscribeUrl(s.id),
    siteUrl: links.baseUrl,
    siteHost,
  };
}
