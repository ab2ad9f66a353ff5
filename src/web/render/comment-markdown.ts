/**
 * A comment's markdown → safe HTML, in two steps:
 *
 * 1. `marked` (GFM, single newlines are line breaks) with our renderer: raw
 *    HTML the author typed is written out as text (escaped, never dropped
 *    silently), images become links, headings become bold paragraphs, and
 *    `@name` becomes a link to /u/name when the core says the name belongs to
 *    someone here (`mentionable`); an unknown @name stays text.
 * 2. `sanitize-html` with a small allowlist: p, br, em, strong, code, pre,
 *    blockquote, ul, ol, li and a. A link keeps its `href` only when it is
 *    http(s), mailto or a path on this site (mentions); anything else
 *    (javascript:, data:, vbscript:, entity-encoded or whitespace-split
 *    schemes) loses its link and keeps its text. Every link gets
 *    rel="nofollow ugc noopener". No attribute other than href, rel and the
 *    mention class survives.
 *
 * The second step does not trust the first: whatever marked lets through,
 * only the allowlist reaches the page.
 */
import { Marked, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { MENTION } from '../../app/types.ts';
import { escapeHtml } from './marked-html.ts';
import { profilePath } from '../pages/paths.ts';

const ALLOWED_TAGS = ['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'];
export const LINK_REL = 'nofollow ugc noopener';

/** http(s) and mailto, or a path on this site (not `//host`, not `/\host`). Checked on the decoded attribute. */
export function isSafeHref(href: string): boolean {
  return /^(?:https?:\/\/|mailto:)/i.test(href) || /^\/(?![/\\])/.test(href);
}

type MentionToken = Tokens.Text & { noMention?: boolean };

function markNoMention(tokens: readonly Token[] | undefined): void {
  for (const t of tokens ?? []) {
    (t as MentionToken).noMention = true;
    markNoMention((t as { tokens?: Token[] }).tokens);
  }
}

function parserFor(mentionable: ReadonlySet<string>): Marked {
  const marked = new Marked({ gfm: true, breaks: true, async: false });
  marked.use({
    // text inside a link is never a mention (no link inside a link)
    walkTokens(token) {
      if (token.type === 'link') markNoMention((token as Tokens.Link).tokens);
    },
    renderer: {
      html({ text, block }) {
        const shown = escapeHtml(text.replace(/\n+$/, ''));
        return block ? `<p>${shown.replace(/\n/g, '<br>')}</p>\n` : shown;
      },
      image({ href, text }) {
        return `<a href="${escapeHtml(href)}">${escapeHtml(text || 'image')}</a>`;
      },
      heading({ tokens }) {
        return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
      },
      hr() {
        return '';
      },
      text(token) {
        if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
        const html = 'escaped' in token && token.escaped ? token.text : escapeHtml(token.text);
        if ((token as MentionToken).noMention) return html;
        return html.replace(MENTION, (whole, name: string) => (mentionable.has(name) ? `<a class="mention" href="${profilePath(name)}">@${escapeHtml(name)}</a>` : whole));
      },
    },
  });
  return marked;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'rel', 'class'] },
  allowedClasses: { a: ['mention'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (_tag, attribs) => {
      const href = attribs.href ?? '';
      if (!isSafeHref(href)) return { tagName: 'span', attribs: {} }; // not allowed: the text stays, the link goes
      const out: Record<string, string> = { href, rel: LINK_REL };
      if (attribs.class === 'mention' && href.startsWith('/u/')) out.class = 'mention';
      return { tagName: 'a', attribs: out };
    },
  },
};

/** Safe HTML for a comment body. `mentionable`: the @names that link to a profile. */
export function renderCommentMarkdown(markdown: string, mentionable: ReadonlySet<string> = new Set()): string {
  const html = parserFor(mentionable).parse(markdown) as string;
  return sanitizeHtml(html, SANITIZE).trim();
}
