/**
 * Authorship claims (`core.claims`): a signed-in person claims to be one of
 * the authors named on a paper; an administrator approves or rejects. The
 * rules are in domain/author-claim.ts; the database's unique indexes
 * (migration 0013) hold them under concurrent requests too.
 */
import type { Viewer } from '../domain/account.ts';
import { authorNameKey, MAX_AUTHOR_NAME_LENGTH } from '../domain/author-name.ts';
import type { AuthorClaim, ClaimDecision, ClaimedAuthor } from '../domain/author-claim.ts';
import { AppError, forbidden, invalidInput, notFound } from '../domain/errors.ts';
import type { PaperRecord } from '../domain/paper.ts';
import {
  approvedClaimOfName,
  approvedClaimsOf,
  claimById,
  claimedAuthorsOf,
  claimsOfUserOnPaper,
  claimsWithStatus,
  decideClaim,
  insertClaim,
  openClaimOf,
} from '../store/author-claims-repo.ts';
import { writeTransaction } from '../store/db.ts';
import { findPaper } from '../store/papers-repo.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { RateLimits } from './rate-limits.ts';

export const PENDING_CLAIMS_SHOWN = 200;

export interface ClaimedPaper {
  readonly paper: PaperRecord;
  readonly authorName: string;
}

export class Claims {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
  ) {}

  /** "I am `authorName` on this paper": a pending claim, or an error saying why not. */
  async claim(viewer: Viewer, paperId: string, authorName: string): Promise<AuthorClaim> {
    if (authorName.length > MAX_AUTHOR_NAME_LENGTH) throw invalidInput(`An author name is at most ${MAX_AUTHOR_NAME_LENGTH} characters.`);
    const key = authorNameKey(authorName);
    if (!key) throw invalidInput('Choose which author on the paper you are.');
    const paper = await findPaper(this.store.db, paperId);
    if (!paper) throw notFound(`There is no paper ${paperId} here.`);
    const author = paper.authors.find((a) => authorNameKey(a.name) === key);
    if (!author) throw invalidInput(`“${authorName.trim()}” is not an author of this paper. Choose one of the names it lists.`);
    await this.limits.take('edits', `user:${viewer.id}`);
    const id = await writeTransaction(this.store.db, async (trx) => {
      const open = await openClaimOf(trx, viewer.id, paperId);
      if (open) throw new AppError('conflict', `You already claimed to be ${open.authorName} on this paper (${open.status}).`);
      const taken = await approvedClaimOfName(trx, paperId, key);
      if (taken) throw new AppError('conflict', `${author.name} on this paper is already claimed by another account. If that is wrong, tell an administrator.`);
      return insertClaim(trx, { paperId, userId: viewer.id, authorName: author.name.trim(), nameKey: key, now: this.clock().toISOString() });
    });
    return (await claimById(this.store.db, id))!;
  }

  /** An administrator approves or rejects a pending claim. */
  async decide(viewer: Viewer, claimId: number, decision: ClaimDecision): Promise<AuthorClaim> {
    if (!viewer.isAdmin) throw forbidden('Only an administrator can approve or reject authorship claims.');
    await writeTransaction(this.store.db, async (trx) => {
      const claim = await claimById(trx, claimId);
      if (!claim) throw notFound(`There is no claim ${claimId}.`);
      if (claim.status !== 'pending') throw new AppError('conflict', `Claim ${claimId} was already ${claim.status}.`);
      if (decision === 'approve') {
        const taken = await approvedClaimOfName(trx, claim.paperId, authorNameKey(claim.authorName));
        if (taken) throw new AppError('conflict', `${claim.authorName} on this paper is already claimed by another account: reject this claim, or ask them first.`);
      }
      await decideClaim(trx, claimId, decision === 'approve' ? 'approved' : 'rejected', viewer.id, this.clock().toISOString());
    });
    return (await claimById(this.store.db, claimId))!;
  }

  /** Claims waiting for an administrator, oldest first. */
  pending(): Promise<AuthorClaim[]> {
    return claimsWithStatus(this.store.db, 'pending', PENDING_CLAIMS_SHOWN);
  }

  /** Approved claims on a paper: the badges by the author names. */
  claimedAuthors(paperId: string): Promise<ClaimedAuthor[]> {
    return claimedAuthorsOf(this.store.db, paperId);
  }

  /** The accounts with an approved claim on a paper (who may edit its links, with the submitter and admins). */
  async claimedAuthorUserIds(paperId: string): Promise<number[]> {
    return [...new Set((await claimedAuthorsOf(this.store.db, paperId)).map((c) => c.userId))];
  }

  /** The viewer's claims on a paper, newest first (the claim form says what happened). */
  mineOn(viewer: Viewer, paperId: string): Promise<AuthorClaim[]> {
    return claimsOfUserOnPaper(this.store.db, viewer.id, paperId);
  }

  /** The papers a person is an approved author of (their profile). */
  async claimedPapersOf(userId: number, limit: number): Promise<ClaimedPaper[]> {
    const claims = await approvedClaimsOf(this.store.db, userId, limit);
    const out: ClaimedPaper[] = [];
    for (const c of claims) {
      const paper = await findPaper(this.store.db, c.paperId);
      if (paper) out.push({ paper, authorName: c.authorName });
    }
    return out;
  }
}
