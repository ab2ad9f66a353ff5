/** The HTML part: the compiled MJML template (digest-template.ts) filled with a digest's content, every value escaped. */
import type { DigestContent } from './digest-content.ts';
import { digestTemplate, escapeHtml as e, fill } from './digest-template.ts';

export async function digestHtml(c: DigestContent): Promise<string> {
  const t = await digestTemplate();
  const papers = c.items
    .map((i) =>
      fill(t.paper, {
        reasons: i.reasons.map(e).join(' &nbsp;·&nbsp; '),
        paperUrl: e(i.url),
        paperTitle: e(i.title),
        authors: e(i.authors),
        summary: e(i.summary),
        upvotes: `${i.upvotes} upvote${i.upvotes === 1 ? '' : 's'}`,
      }),
    )
    .join('');
  return fill(t.page, {
    title: e(c.subject),
    preheader: e(c.preheader),
    kind: e(c.kind),
    heading: e(c.heading),
    intro: e(c.intro),
    viewUrl: e(c.viewUrl),
    papers,
    footer: e(c.footer),
    manageUrl: e(c.manageUrl),
    unsubscribeUrl: e(c.unsubscribeUrl),
    siteUrl: e(c.siteUrl),
    siteHost: e(c.siteHost),
  });
}
