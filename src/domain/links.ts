/**
 * Which outside links Paperboy keeps: a paper's code repository and project
 * page, a listing's thumbnail, a user's picture. They come from sources we do
 * not control and are served as they are by the JSON API, whose clients put
 * them in `href`s and `src`s; so only absolute http(s) URLs with a host are
 * kept (no `javascript:`, `data:`, relative or protocol-relative links).
 *
 * Glossary: a link is *rejected* when a source gave it but it is not
 * acceptable; the record keeps everything else, and the rejection is reported.
 */

/** Longer than any real link; browsers and servers cap URLs around here too. */
export const MAX_LINK_LENGTH = 2048;

export type LinkCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/** ASCII whitespace around a value is trimmed (sources pad links with spaces). */
const OUTER_SPACE = /^[ \t\n\r\f]+|[ \t\n\r\f]+$/g;
/** Tabs and line breaks inside are dropped, as every URL parser and browser does (`https://github.com/\nowner/name`). */
const TAB_OR_NEWLINE = /[\t\n\r]/g;
/** control characters (C0, DEL, C1) and whitespace left inside */
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\s]/u;
/** the scheme and `//`, then the first character of a host (not `///x`, `//\x`, `//@x`) */
const HTTP_START = /^https?:\/\/[^/\\?#@]/i;

/**
 * Is `value` an acceptable link? Returns it trimmed (with tabs and line breaks
 * removed) when it is an absolute http(s) URL with a host, no user name or
 * password, no spaces or control characters, and at most MAX_LINK_LENGTH
 * characters; otherwise says why not. Unicode host names are fine.
 *
 * `base`, when given, is the origin the value came from: a root-relative path
 * (`/avatars/x.svg`, how Hugging Face serves user pictures) is made absolute
 * against it. Protocol-relative links (`//host/x`) are never accepted.
 */
export function checkLink(value: string, base?: string): LinkCheck {
  if (value.length > MAX_LINK_LENGTH * 2) return { ok: false, reason: `longer than ${MAX_LINK_LENGTH} characters` };
  let url = value.replace(OUTER_SPACE, '').replace(TAB_OR_NEWLINE, '');
  if (url === '') return { ok: false, reason: 'empty' };
  if (CONTROL_OR_SPACE.test(url)) return { ok: false, reason: 'contains spaces or control characters' };
  if (base !== undefined && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) {
    url = `${base.replace(/\/+$/, '')}${url}`;
  }
  if (url.length > MAX_LINK_LENGTH) return { ok: false, reason: `longer than ${MAX_LINK_LENGTH} characters` };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (!scheme) return { ok: false, reason: 'not an absolute http(s) URL' };
  if (!HTTP_START.test(url)) {
    return { ok: false, reason: /^https?$/i.test(scheme[1]!) ? 'has no host' : `${scheme[1]!.toLowerCase()}: links are not allowed, only http(s)` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (parsed.hostname === '') return { ok: false, reason: 'has no host' };
  if (parsed.username !== '' || parsed.password !== '') return { ok: false, reason: 'carries a user name or password' };
  return { ok: true, url };
}

/** `owner/name` as GitHub allows them (user names: letters, digits, inner single hyphens; repositories: letters, digits, `.`, `_`, `-`). */
const GITHUB_REPO_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/([A-Za-z0-9._-]{1,100})$/;

/**
 * A paper's code repository: an acceptable link (any host), or a GitHub
 * repository name `owner/name`, which becomes `https://github.com/owner/name`
 * — the form the Daily Papers API serves and Paperboy's pages expect.
 */
export function checkGithubRepo(value: string): LinkCheck {
  const name = GITHUB_REPO_NAME.exec(value.trim());
  if (name && name[2] !== '.' && name[2] !== '..') return { ok: true, url: `https://github.com/${name[1]}/${name[2]}` };
  return checkLink(value);
}

/** The link when acceptable, else null: for serving what was stored before links were checked. */
export function acceptableLink(value: string | null | undefined, check: (v: string) => LinkCheck = checkLink): string | null {
  if (value === null || value === undefined) return null;
  const result = check(value);
  return result.ok ? result.url : null;
}

/** A link a source gave for a paper that was not kept. */
export interface RejectedLink {
  readonly paperId: string;
  /** the field as the source names it, e.g. `paper.githubRepo` or `project_page` */
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}

const SHOWN_VALUE = 80;

/** One line for a report: `paper 2401.00001: githubRepo "javascript:alert(1)" dropped: javascript: links are not allowed, only http(s)`. */
export function describeRejectedLink(r: RejectedLink): string {
  const shown = r.value.length > SHOWN_VALUE ? `${r.value.slice(0, SHOWN_VALUE)}…` : r.value;
  // JSON quoting escapes control characters, so a hostile value cannot drive the terminal
  return `paper ${r.paperId}: ${r.field} ${JSON.stringify(shown)} dropped: ${r.reason}`;
}
