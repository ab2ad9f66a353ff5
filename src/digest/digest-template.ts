/**
 * The digest's HTML, from an MJML template (mjml 5: `mjml2html` returns a
 * Promise). MJML is compiled once per process, with `{{name}}` placeholders
 * and one paper block between markers; each digest then only fills in
 * escaped text (composing 10,000 personal digests must not run MJML 10,000
 * times). No remote images, no web fonts, no tracking pixels: system fonts,
 * text and links only.
 */
import mjml2html from 'mjml';

const ACCENT = '#d9480f';
const INK = '#1c1d1f';
const MUTED = '#65676b';
const LINK = '#1f5fbf';
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const PAPER_START = '<!--pb:paper-->';
const PAPER_END = '<!--/pb:paper-->';

const SOURCE = `<mjml lang="en">
  <mj-head>
    <mj-title>{{title}}</mj-title>
    <mj-preview>{{preheader}}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${FONT}" />
      <mj-text color="${INK}" font-size="15px" line-height="1.55" padding="0" />
      <mj-section padding="0" />
    </mj-attributes>
    <mj-style>
      a { color: ${LINK}; }
      .title a { color: ${INK}; text-decoration: none; }
      .title a:hover { text-decoration: underline; }
      @media only screen and (max-width: 480px) { .card-col { padding: 0 !important; } }
    </mj-style>
  </mj-head>
  <mj-body background-color="#f3f2ee" width="640px">
    <mj-section padding="28px 24px 8px">
      <mj-column>
        <mj-text font-size="13px" color="${MUTED}" padding="0 0 6px"><span style="font-weight:700;color:${ACCENT};letter-spacing:0.02em">PAPERBOY</span> &nbsp;·&nbsp; {{kind}}</mj-text>
        <mj-text font-size="26px" line-height="1.25" font-weight="700" padding="0 0 6px">{{heading}}</mj-text>
        <mj-text color="${MUTED}" font-size="14px" padding="0">{{intro}} &nbsp;<a href="{{viewUrl}}">View in your browser</a></mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="12px 16px 0">
      <mj-column>
        <mj-raw>${PAPER_START}</mj-raw>
        <mj-text padding="18px 20px 4px" container-background-color="#ffffff" font-size="12px" color="${ACCENT}" font-weight="600">{{reasons}}</mj-text>
        <mj-text padding="0 20px 4px" container-background-color="#ffffff" css-class="title" font-size="18px" line-height="1.35" font-weight="700"><a href="{{paperUrl}}">{{paperTitle}}</a></mj-text>
        <mj-text padding="0 20px 8px" container-background-color="#ffffff" font-size="13px" color="${MUTED}">{{authors}}</mj-text>
        <mj-text padding="0 20px 10px" container-background-color="#ffffff">{{summary}}</mj-text>
        <mj-text padding="0 20px 18px" container-background-color="#ffffff" font-size="13px" color="${MUTED}">▲ {{upvotes}} &nbsp;·&nbsp; <a href="{{paperUrl}}" style="font-weight:600">Read the paper →</a></mj-text>
        <mj-spacer height="12px" />
        <mj-raw>${PAPER_END}</mj-raw>
      </mj-column>
    </mj-section>
    <mj-section padding="12px 24px 32px">
      <mj-column>
        <mj-divider border-color="#dddcd6" border-width="1px" padding="0 0 16px" />
        <mj-text font-size="13px" color="${MUTED}" line-height="1.6">{{footer}}</mj-text>
        <mj-text font-size="13px" color="${MUTED}" line-height="1.6" padding="8px 0 0"><a href="{{manageUrl}}">Manage your digest</a> &nbsp;·&nbsp; <a href="{{unsubscribeUrl}}">Unsubscribe</a> &nbsp;·&nbsp; <a href="{{siteUrl}}">{{siteHost}}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

export interface CompiledTemplate {
  /** the document with `{{papers}}` where the paper blocks go */
  readonly page: string;
  readonly paper: string;
}

let compiled: Promise<CompiledTemplate> | null = null;

/** The template compiled by MJML, once per process. */
export function digestTemplate(): Promise<CompiledTemplate> {
  compiled ??= (async () => {
    const out = await mjml2html(SOURCE, { validationLevel: 'strict', keepComments: true, fonts: {} });
    const html = out.html;
    const start = html.indexOf(PAPER_START);
    const end = html.indexOf(PAPER_END);
    if (start < 0 || end < start) throw new Error('the digest template lost its paper markers');
    return { page: `${html.slice(0, start)}{{papers}}${html.slice(end + PAPER_END.length)}`, paper: html.slice(start + PAPER_START.length, end) };
  })();
  return compiled;
}

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const split = new Map<string, { texts: string[]; names: string[] }>();

/**
 * Fills `{{name}}` placeholders with already-escaped HTML; a name without a value is a bug, not
 * an empty string. Each template is split into its pieces once, so filling is a join.
 */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  let parts = split.get(template);
  if (!parts) {
    const pieces = template.split(/\{\{(\w+)\}\}/);
    parts = { texts: pieces.filter((_, i) => i % 2 === 0), names: pieces.filter((_, i) => i % 2 === 1) };
    if (split.size < 16) split.set(template, parts);
  }
  let out = parts.texts[0]!;
  for (let i = 0; i < parts.names.length; i++) {
    const v = values[parts.names[i]!];
    if (v === undefined) throw new Error(`digest template: no value for {{${parts.names[i]}}}`);
    out += v + parts.texts[i + 1]!;
  }
  return out;
}
