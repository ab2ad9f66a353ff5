/**
 * What a paper page shows beyond the paper itself that comes from the
 * community features of this folder's author and collection components: the
 * approved authorship claims (everyone sees them, so a cached anonymous page
 * may hold them: an approval is a write, which moves the data version), and,
 * for a signed-in viewer only, their collections and their own claims.
 *
 * The paper route loads it (`loadPaperExtras`) and sets it on the request;
 * the components read it here, so PaperPage needs no new props.
 */
import type { Context } from 'hono';
import { tryGetContext } from 'hono/context-storage';
import type { AuthorClaim, ClaimedAuthor, PaperShelf } from '../../app/types.ts';
import type { Paperboy } from '../../app/paperboy.ts';

export interface PaperExtras {
  readonly claimed: readonly ClaimedAuthor[];
  /** the viewer's collections (null: nobody is signed in) */
  readonly shelf: PaperShelf | null;
  /** the viewer's claims on this paper, newest first */
  readonly myClaims: readonly AuthorClaim[];
}

declare module 'hono' {
  interface ContextVariableMap {
    paperExtras: PaperExtras | undefined;
  }
}

export async function loadPaperExtras(c: Context, core: Paperboy, paperId: string): Promise<void> {
  const viewer = c.get('viewer');
  const [claimed, shelf, myClaims] = await Promise.all([
    core.claims.claimedAuthors(paperId),
    viewer ? core.collections.shelfFor(viewer, paperId) : null,
    viewer ? core.claims.mineOn(viewer, paperId) : [],
  ]);
  c.set('paperExtras', { claimed, shelf, myClaims });
}

const NONE: PaperExtras = { claimed: [], shelf: null, myClaims: [] };

/** The extras of the paper page being rendered (none outside a request, e.g. a component test). */
export function currentPaperExtras(): PaperExtras {
  return tryGetContext()?.get('paperExtras') ?? NONE;
}
