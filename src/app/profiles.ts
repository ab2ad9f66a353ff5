/** Profile pages (`/u/{name}`): a person and what they did here. */
import type { ListedPaper } from '../domain/paper.ts';
import type { Collection } from '../domain/collection.ts';
import { collectionsOf } from '../store/collections-repo.ts';
import { Claims, type ClaimedPaper } from './claims.ts';
import { profileByUsername, submissionsBy, type ProfileRow } from '../store/profiles-repo.ts';
import type { Store } from '../store/store.ts';

export interface Profile {
  readonly user: ProfileRow;
  readonly submissions: readonly ListedPaper[];
  /** public collections only (the page is the same for everyone, and cached) */
  readonly collections: readonly Collection[];
  /** papers an administrator confirmed this person wrote */
  readonly claimedPapers: readonly ClaimedPaper[];
}

export const PROFILE_LIST_LIMIT = 50;

export class Profiles {
  constructor(
    private readonly store: Store,
    private readonly claims: Claims,
  ) {}

  /** The profile of `username`, or null when no one has that name here. */
  async byUsername(username: string): Promise<Profile | null> {
    const user = await profileByUsername(this.store.db, username);
    if (!user) return null;
    const submissions = await submissionsBy(this.store.db, user.id, PROFILE_LIST_LIMIT);
    const collections = await collectionsOf(this.store.db, user.id, true);
    const claimedPapers = await this.claims.claimedPapersOf(user.id, PROFILE_LIST_LIMIT);
    return { user, submissions, collections, claimedPapers };
  }
}
