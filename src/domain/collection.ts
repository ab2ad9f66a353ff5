/**
 * Collections: named lists of papers that an account keeps, public (anyone
 * with the address sees it; it shows on the owner's profile) or private
 * (only the owner; to anyone else it does not exist: 404, never 403).
 */
import { invalidInput } from './errors.ts';

export const MAX_COLLECTION_TITLE = 100;
export const MAX_COLLECTION_DESCRIPTION = 2000;
export const MAX_COLLECTION_NOTE = 500;
export const MAX_COLLECTIONS_PER_USER = 100;
export const MAX_PAPERS_PER_COLLECTION = 1000;

export interface Collection {
  readonly id: number;
  readonly ownerId: number;
  readonly ownerUsername: string;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly isPublic: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly paperCount: number;
}

export interface CollectionInput {
  readonly title: string;
  readonly description: string;
  readonly isPublic: boolean;
}

/** The title as stored (trimmed, inner runs of white space collapsed), or what to fix. */
export function checkCollectionTitle(input: string): string {
  const title = input.replace(/\s+/gu, ' ').trim();
  if (title.length === 0) throw invalidInput('Give the collection a title.');
  if (title.length > MAX_COLLECTION_TITLE) throw invalidInput(`A collection title is at most ${MAX_COLLECTION_TITLE} characters (this one has ${title.length}).`);
  return title;
}

/** Plain text, trimmed, line breaks normalised to \n. */
export function checkCollectionDescription(input: string): string {
  const text = input.replace(/\r\n?/g, '\n').trim();
  if (text.length > MAX_COLLECTION_DESCRIPTION) throw invalidInput(`A description is at most ${MAX_COLLECTION_DESCRIPTION} characters (this one has ${text.length}).`);
  return text;
}

export function checkCollectionNote(input: string): string | null {
  const text = input.replace(/\s+/gu, ' ').trim();
  if (text.length > MAX_COLLECTION_NOTE) throw invalidInput(`A note is at most ${MAX_COLLECTION_NOTE} characters.`);
  return text.length === 0 ? null : text;
}

/** "Reading group: Diffusion!" → "reading-group-diffusion"; "collection" when nothing is left. */
export function slugFor(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'collection';
}
