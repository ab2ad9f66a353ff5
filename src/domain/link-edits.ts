/**
 * People editing a paper's outside links (its code repository and project
 * page). Who may: any account that submitted one of the paper's listings, an
 * author who claimed the paper (claims come from the authors feature; the core
 * passes their user ids), and administrators.
 *
 * What is kept follows links.ts: an absolute http(s) URL, or for the repository
 * also a GitHub `owner/name`, which becomes `https://github.com/owner/name`.
 * An empty field clears the link.
 *
 * A link edited here is *local*: later imports (Daily Papers, arXiv) do not
 * overwrite it (merge-paper.ts `keepLocalLinks`), because a person who fixed or
 * removed a link knows better than an automatic extraction upstream.
 */
import type { Viewer } from './account.ts';
import { invalidInput } from './errors.ts';
import { checkGithubRepo, checkLink, MAX_LINK_LENGTH } from './links.ts';

export const LINK_FIELDS = ['githubRepo', 'projectPage'] as const;
export type LinkField = (typeof LINK_FIELDS)[number];

export const LINK_FIELD_LABEL: Readonly<Record<LinkField, string>> = { githubRepo: 'Code repository', projectPage: 'Project page' };

/** Who is connected to a paper in a way that lets them edit its links. */
export interface LinkEditors {
  /** accounts that submitted any listing of the paper */
  readonly submitterIds: readonly number[];
  /** accounts whose authorship claim on the paper was approved */
  readonly claimedAuthorUserIds: readonly number[];
}

export function canEditLinks(viewer: Viewer | null, editors: LinkEditors): boolean {
  if (!viewer) return false;
  return viewer.isAdmin || editors.submitterIds.includes(viewer.id) || editors.claimedAuthorUserIds.includes(viewer.id);
}

export type PaperLinks = Readonly<Record<LinkField, string | null>>;

/**
 * The links as they will be stored, from what a person typed (`''` clears), or
 * an `invalid_input` error naming the field and what is accepted.
 */
export function checkLinksEdit(input: Readonly<Record<LinkField, string>>): PaperLinks {
  const out: Record<LinkField, string | null> = { githubRepo: null, projectPage: null };
  for (const field of LINK_FIELDS) {
    const value = input[field].trim();
    if (value === '') continue;
    if (value.length > MAX_LINK_LENGTH) throw invalidInput(`${LINK_FIELD_LABEL[field]}: at most ${MAX_LINK_LENGTH} characters.`);
    const checked = field === 'githubRepo' ? checkGithubRepo(value) : checkLink(value);
    if (!checked.ok) {
      const accepted = field === 'githubRepo' ? 'an https:// link or a GitHub owner/name such as huggingface/transformers' : 'an https:// (or http://) link';
      throw invalidInput(`${LINK_FIELD_LABEL[field]} “${value}” is not accepted (${checked.reason}): use ${accepted}, or leave it empty to remove it.`);
    }
    out[field] = checked.url;
  }
  return out;
}
