/** Author pages (`core.authors`): every paper here with an author of one name (by name key, domain/author-name.ts). */
import { authorNameKey, MAX_AUTHOR_NAME_LENGTH } from '../domain/author-name.ts';
import { invalidInput } from '../domain/errors.ts';
import type { PaperDetail } from '../domain/paper.ts';
import { claimersOfName } from '../store/author-claims-repo.ts';
import { papersByAuthorKey } from '../store/paper-authors-repo.ts';
import { detailsOf, findPaper } from '../store/papers-repo.ts';
import type { Store } from '../store/store.ts';

export const AUTHOR_PAGE_SIZE = 30;

export interface AuthorPage {
  /** the name as most papers here spell it (the asked name when none does) */
  readonly name: string;
  /** other spellings of the same name key */
  readonly otherSpellings: readonly string[];
  readonly papers: readonly PaperDetail[];
  readonly total: number;
  readonly page: number;
  readonly pageCount: number;
  /** accounts whose authorship claims under this name an administrator approved */
  readonly claimedBy: readonly string[];
}

export class Authors {
  constructor(private readonly store: Store) {}

  async page(name: string, page: number): Promise<AuthorPage> {
    if (name.length > MAX_AUTHOR_NAME_LENGTH) throw invalidInput(`An author name is at most ${MAX_AUTHOR_NAME_LENGTH} characters.`);
    const key = authorNameKey(name);
    if (!key) throw invalidInput('Give an author name: /authors/Jane%20Doe');
    const found = await papersByAuthorKey(this.store.db, key, (page - 1) * AUTHOR_PAGE_SIZE, AUTHOR_PAGE_SIZE);
    const papers = (await Promise.all(found.paperIds.map((id) => findPaper(this.store.db, id)))).filter((p) => p !== null);
    const details = await detailsOf(this.store.db, papers);
    const claimers = await claimersOfName(this.store.db, key);
    const [first, ...rest] = found.spellings;
    return {
      name: first ?? name.replace(/\s+/gu, ' ').trim(),
      otherSpellings: rest,
      papers: papers.map((p) => details.get(p.id)!),
      total: found.total,
      page,
      pageCount: Math.max(1, Math.ceil(found.total / AUTHOR_PAGE_SIZE)),
      claimedBy: claimers.map((c) => c.username),
    };
  }
}
