/**
 * Collections (`core.collections`): an account's named lists of papers,
 * public or private. Every change is the owner's alone: anyone else gets
 * `forbidden` for a public collection and `not_found` for a private one (a
 * private collection does not exist for anyone but its owner, so its address
 * reveals nothing). Every change counts against the `edits` rate limit.
 */
import type { Viewer } from '../domain/account.ts';
import {
  checkCollectionDescription,
  checkCollectionNote,
  checkCollectionTitle,
  MAX_COLLECTIONS_PER_USER,
  MAX_PAPERS_PER_COLLECTION,
  slugFor,
  type Collection,
  type CollectionInput,
} from '../domain/collection.ts';
import { AppError, forbidden, invalidInput, notFound } from '../domain/errors.ts';
import type { PaperDetail } from '../domain/paper.ts';
import {
  addCollectionPaper,
  collectionById,
  collectionEntries,
  collectionIdsHolding,
  collectionsOf,
  countCollectionsOf,
  deleteCollection,
  insertCollection,
  removeCollectionPaper,
  slugTaken,
  touchCollection,
  updateCollection,
} from '../store/collections-repo.ts';
import { writeTransaction, type Db } from '../store/db.ts';
import { detailsOf, findPaper } from '../store/papers-repo.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { RateLimits } from './rate-limits.ts';

export interface CollectionPaper {
  readonly detail: PaperDetail;
  readonly addedAt: string;
  readonly note: string | null;
}

export interface CollectionView {
  readonly collection: Collection;
  readonly papers: readonly CollectionPaper[];
  /** the viewer owns it: the page shows the edit controls */
  readonly isOwner: boolean;
}

/** What the "Add to collection" box on a paper page needs. */
export interface PaperShelf {
  readonly collections: readonly Collection[];
  /** ids of the viewer's collections that hold the paper */
  readonly holding: readonly number[];
}

export type CollectionChange = Partial<CollectionInput>;

export class Collections {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: RateLimits,
  ) {}

  /** A new collection of the viewer's. */
  async create(viewer: Viewer, input: CollectionInput): Promise<Collection> {
    const title = checkCollectionTitle(input.title);
    const description = checkCollectionDescription(input.description);
    await this.limits.take('edits', `user:${viewer.id}`);
    const id = await writeTransaction(this.store.db, async (trx) => {
      if ((await countCollectionsOf(trx, viewer.id)) >= MAX_COLLECTIONS_PER_USER) {
        throw new AppError('conflict', `You have ${MAX_COLLECTIONS_PER_USER} collections, the most one account may have. Delete one you no longer need first.`);
      }
      const slug = await freeSlug(trx, viewer.id, slugFor(title), null);
      return insertCollection(trx, { ownerId: viewer.id, slug, title, description, isPublic: input.isPublic, now: this.now() });
    });
    return (await collectionById(this.store.db, id))!;
  }

  /** Renames, describes and/or sets the visibility of one of the viewer's collections. */
  async update(viewer: Viewer, id: number, change: CollectionChange): Promise<Collection> {
    const title = change.title !== undefined ? checkCollectionTitle(change.title) : undefined;
    const description = change.description !== undefined ? checkCollectionDescription(change.description) : undefined;
    const owned = await this.owned(this.store.db, viewer, id);
    await this.limits.take('edits', `user:${viewer.id}`);
    await writeTransaction(this.store.db, async (trx) => {
      const c = (await collectionById(trx, id)) ?? owned;
      const newTitle = title ?? c.title;
      const slug = newTitle === c.title ? c.slug : await freeSlug(trx, viewer.id, slugFor(newTitle), id);
      await updateCollection(trx, id, { slug, title: newTitle, description: description ?? c.description, isPublic: change.isPublic ?? c.isPublic, now: this.now() });
    });
    return (await collectionById(this.store.db, id))!;
  }

  rename(viewer: Viewer, id: number, title: string): Promise<Collection> {
    return this.update(viewer, id, { title });
  }

  describe(viewer: Viewer, id: number, description: string): Promise<Collection> {
    return this.update(viewer, id, { description });
  }

  setVisibility(viewer: Viewer, id: number, isPublic: boolean): Promise<Collection> {
    return this.update(viewer, id, { isPublic });
  }

  async delete(viewer: Viewer, id: number): Promise<void> {
    await this.owned(this.store.db, viewer, id);
    await this.limits.take('edits', `user:${viewer.id}`);
    await writeTransaction(this.store.db, (trx) => deleteCollection(trx, id));
  }

  /** Puts a paper into one of the viewer's collections; true when it was not there yet. */
  async addPaper(viewer: Viewer, id: number, paperId: string, note = ''): Promise<boolean> {
    const cleanNote = checkCollectionNote(note);
    const c = await this.owned(this.store.db, viewer, id);
    if (!(await findPaper(this.store.db, paperId))) throw notFound(`There is no paper ${paperId} here.`);
    if (c.paperCount >= MAX_PAPERS_PER_COLLECTION) throw new AppError('conflict', `“${c.title}” holds ${MAX_PAPERS_PER_COLLECTION} papers, the most a collection may hold. Start another one.`);
    await this.limits.take('edits', `user:${viewer.id}`);
    return writeTransaction(this.store.db, async (trx) => {
      const added = await addCollectionPaper(trx, id, paperId, cleanNote, this.now());
      await touchCollection(trx, id, this.now());
      return added;
    });
  }

  /** Makes a collection and puts the paper in it (the paper page's "new collection" shortcut). */
  async createWithPaper(viewer: Viewer, input: CollectionInput, paperId: string): Promise<Collection> {
    if (!(await findPaper(this.store.db, paperId))) throw notFound(`There is no paper ${paperId} here.`);
    const c = await this.create(viewer, input);
    await this.addPaper(viewer, c.id, paperId);
    return (await collectionById(this.store.db, c.id))!;
  }

  async removePaper(viewer: Viewer, id: number, paperId: string): Promise<boolean> {
    await this.owned(this.store.db, viewer, id);
    await this.limits.take('edits', `user:${viewer.id}`);
    return writeTransaction(this.store.db, async (trx) => {
      const removed = await removeCollectionPaper(trx, id, paperId);
      if (removed) await touchCollection(trx, id, this.now());
      return removed;
    });
  }

  /** The viewer's own collections, public and private, most recently changed first. */
  mine(viewer: Viewer): Promise<Collection[]> {
    return collectionsOf(this.store.db, viewer.id, false);
  }

  /** Someone's public collections (their profile). */
  publicOf(userId: number): Promise<Collection[]> {
    return collectionsOf(this.store.db, userId, true);
  }

  /** A collection with its papers, for anyone when public, only for its owner when private (else not_found). */
  async view(viewer: Viewer | null, id: number): Promise<CollectionView> {
    const collection = await this.visible(this.store.db, viewer, id);
    const entries = await collectionEntries(this.store.db, id, MAX_PAPERS_PER_COLLECTION);
    const papers = (await Promise.all(entries.map((e) => findPaper(this.store.db, e.paperId)))).filter((p) => p !== null);
    const details = await detailsOf(this.store.db, papers);
    return {
      collection,
      isOwner: viewer?.id === collection.ownerId,
      papers: entries.flatMap((e) => {
        const detail = details.get(e.paperId);
        return detail ? [{ detail, addedAt: e.addedAt, note: e.note }] : [];
      }),
    };
  }

  /** The viewer's collections and which of them hold `paperId`. */
  async shelfFor(viewer: Viewer, paperId: string): Promise<PaperShelf> {
    const [collections, holding] = await Promise.all([this.mine(viewer), collectionIdsHolding(this.store.db, viewer.id, paperId)]);
    return { collections, holding };
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private async visible(db: Db, viewer: Viewer | null, id: number): Promise<Collection> {
    const c = await collectionById(db, id);
    if (!c || (!c.isPublic && viewer?.id !== c.ownerId)) throw notFound(`There is no collection ${id} here.`);
    return c;
  }

  /** The collection when the viewer owns it; not_found when they may not even see it, forbidden when they may only look. */
  private async owned(db: Db, viewer: Viewer, id: number): Promise<Collection> {
    const c = await this.visible(db, viewer, id);
    if (c.ownerId !== viewer.id) throw forbidden(`“${c.title}” is @${c.ownerUsername}’s collection: only they can change it.`);
    return c;
  }
}

/** `base`, or `base-2`, `base-3`… whichever the owner does not use yet. */
async function freeSlug(db: Db, ownerId: number, base: string, exceptId: number | null): Promise<string> {
  for (let n = 1; n <= MAX_COLLECTIONS_PER_USER + 1; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(db, ownerId, slug, exceptId))) return slug;
  }
  throw invalidInput('Choose a different title.');
}
