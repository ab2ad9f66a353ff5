/**
 * Editing a paper's code repository and project page (issue 11 "Links").
 * Allowed for the accounts that submitted any listing of the paper, its
 * claimed authors and administrators (domain/link-edits.ts `canEditLinks`).
 * An edit is logged (who, which field, old and new value, when) and marks the
 * field as local: later imports leave it alone (domain/merge-paper.ts
 * `keepLocalLinks`), including a link someone removed on purpose.
 */
import type { Viewer } from '../domain/account.ts';
import { forbidden, notFound } from '../domain/errors.ts';
import { canEditLinks, checkLinksEdit, type LinkEditors, type LinkField, type PaperLinks as Links } from '../domain/link-edits.ts';
import { writeTransaction } from '../store/db.ts';
import { linkEditsOf, submitterIdsOf, writeLinks, type LinkEditRow } from '../store/paper-links-repo.ts';
import { findPaper } from '../store/papers-repo.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { RateLimits } from './rate-limits.ts';

/** What the paper page's links form needs: the links now, who changed them last. */
export interface LinkEditing {
  readonly paperId: string;
  readonly links: Links;
  readonly lastEdit: LinkEditRow | null;
}

/**
 * Accounts whose approved authorship claim is on the paper. None until author
 * claims exist: the authors feature replaces this with its own query.
 */
export type ClaimedAuthors = (paperId: string) => Promise<readonly number[]>;
const noClaimsYet: ClaimedAuthors = async () => [];

export class PaperLinksUseCases {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
    /** where claimed authors come from (the authors feature passes its own) */
    private readonly claimedAuthors: ClaimedAuthors = noClaimsYet,
  ) {}

  async editors(paperId: string): Promise<LinkEditors> {
    const [submitterIds, claimedAuthorUserIds] = await Promise.all([submitterIdsOf(this.store.db, paperId), this.claimedAuthors(paperId)]);
    return { submitterIds, claimedAuthorUserIds };
  }

  /** The links form for `viewer` on this paper, or null when they may not edit (or nobody is signed in). */
  async editing(viewer: Viewer | null, paperId: string): Promise<LinkEditing | null> {
    if (!viewer) return null;
    const paper = await findPaper(this.store.db, paperId);
    if (!paper || !canEditLinks(viewer, await this.editors(paperId))) return null;
    const [lastEdit] = await linkEditsOf(this.store.db, paperId, 1);
    return { paperId, links: { githubRepo: paper.githubRepo, projectPage: paper.projectPage }, lastEdit: lastEdit ?? null };
  }

  /**
   * Sets both links from what was typed (`''` removes one). Checks, in order:
   * the paper is here (404), `viewer` may edit it (403), the values (400), the
   * `edits` rate bucket (429). Returns the fields that changed.
   */
  async update(viewer: Viewer, paperId: string, input: Readonly<Record<LinkField, string>>): Promise<LinkField[]> {
    const paper = await findPaper(this.store.db, paperId);
    if (!paper) throw notFound(`There is no paper ${paperId} here.`);
    if (!canEditLinks(viewer, await this.editors(paperId))) {
      throw forbidden('Only the people who submitted this paper, its claimed authors and administrators can change its links.');
    }
    const links = checkLinksEdit(input);
    await this.limits.take('edits', `user:${viewer.id}`);
    return writeTransaction(this.store.db, (trx) => writeLinks(trx, paperId, links, viewer.id, this.clock().toISOString()));
  }

  /** Recent changes of the paper's links, newest first. */
  history(paperId: string, limit = 20): Promise<LinkEditRow[]> {
    return linkEditsOf(this.store.db, paperId, limit);
  }
}
