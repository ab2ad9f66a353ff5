/**
 * Authorship claims: a signed-in person says "I am this author of this
 * paper" (one of the names on it). An administrator approves or rejects.
 * Approved claims show on the paper page (a badge by the name) and on the
 * claimer's profile; claimed authors may edit a paper's links.
 *
 * Rules: the name must be on the paper (by name key); one pending or
 * approved claim per person and paper; an author name already approved for
 * someone else cannot be claimed again.
 */
export type ClaimStatus = 'pending' | 'approved' | 'rejected';
export type ClaimDecision = 'approve' | 'reject';

export interface AuthorClaim {
  readonly id: number;
  readonly paperId: string;
  readonly paperTitle: string;
  readonly userId: number;
  readonly username: string;
  readonly authorName: string;
  readonly status: ClaimStatus;
  readonly createdAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
}

/** An approved claim as the paper page shows it. */
export interface ClaimedAuthor {
  readonly authorName: string;
  readonly nameKey: string;
  readonly userId: number;
  readonly username: string;
}
