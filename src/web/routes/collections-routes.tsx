/** @jsxImportSource hono/jsx */
/**
 * Collections: `/collections` (yours, and a form to start one), a collection's
 * page `/collections/{id}-{slug}`, its edit form, and the POSTs that change
 * them. Ownership is the core's to check (core.collections): others get 403
 * on a public collection and 404 on a private one.
 */
import type { Context, Hono } from 'hono';
import type { CollectionInput } from '../../app/types.ts';
import { AppError, invalidInput, notFound } from '../../domain/errors.ts';
import { parsePaperId } from '../../domain/paper-id.ts';
import { formFields } from '../auth/form.ts';
import { requireViewer } from '../auth/request-viewer.ts';
import { CollectionEditPage } from '../pages/collection-edit-page.tsx';
import type { CollectionFields } from '../pages/collection-form.tsx';
import { CollectionPage } from '../pages/collection-page.tsx';
import { CollectionsPage } from '../pages/collections-page.tsx';
import { htmlDocument } from '../pages/layout.tsx';
import { collectionPath, paperPath } from '../pages/paths.ts';
import { localRedirect } from '../redirect.ts';
import type { WebContext } from '../web-context.ts';

/** `12` or `12-reading-group`: the id decides, the slug is decoration. */
const ADDRESS = /^(\d{1,12})(?:-[^/]*)?$/;

function collectionId(raw: string): number {
  const m = ADDRESS.exec(raw);
  if (!m) throw notFound(`There is no collection “${raw}” here.`);
  return Number(m[1]);
}

function typedFields(form: Record<string, string>): CollectionFields & CollectionInput {
  const visibility = form.visibility ?? 'private';
  if (visibility !== 'private' && visibility !== 'public') throw invalidInput('Visibility is “private” or “public”.');
  return { title: form.title ?? '', description: form.description ?? '', isPublic: visibility === 'public' };
}

function paperIdField(form: Record<string, string>): string {
  const raw = form.paper_id ?? '';
  const parsed = parsePaperId(raw);
  if (!parsed) throw invalidInput(`“${raw}” is not a paper id.`);
  return parsed.id;
}

const NOTICES: Record<string, string> = { created: 'Collection created.', saved: 'Saved.', removed: 'Removed from the collection.', deleted: 'Collection deleted.' };

export function registerCollectionRoutes(app: Hono, ctx: WebContext): void {
  const listPage = async (c: Context, extra: { error?: string; notice?: string; typed?: CollectionFields }, status: 200 | 400 | 409 = 200) => {
    const viewer = requireViewer(c, 'see your collections');
    const collections = await ctx.core.collections.mine(viewer);
    return c.html(htmlDocument(<CollectionsPage collections={collections} {...extra} />), status, { 'cache-control': 'no-store' });
  };

  app.get('/collections', (c) => {
    if (!c.get('viewer')) return c.redirect('/signin?next=%2Fcollections', 303);
    const notice = NOTICES[c.req.query('done') ?? ''];
    return listPage(c, notice ? { notice } : {});
  });

  app.post('/collections', async (c) => {
    const viewer = requireViewer(c, 'make a collection');
    const typed = typedFields(await formFields(c, 4000));
    try {
      const made = await ctx.core.collections.create(viewer, typed);
      return c.redirect(`${collectionPath(made)}?done=created`, 303);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'invalid_input' || e.code === 'conflict')) return listPage(c, { error: e.message, typed }, e.code === 'conflict' ? 409 : 400);
      throw e;
    }
  });

  // the paper page's form: an existing collection of yours, or a new one named in `new_title`
  app.post('/collections/add-paper', async (c) => {
    const viewer = requireViewer(c, 'save papers to a collection');
    const form = await formFields(c, 500);
    const paperId = paperIdField(form);
    const choice = form.collection ?? 'new';
    const newTitle = (form.new_title ?? '').trim();
    if (choice === 'new' || newTitle !== '') {
      if (newTitle === '') throw invalidInput('Name the new collection (or choose one of yours).');
      await ctx.core.collections.createWithPaper(viewer, { title: newTitle, description: '', isPublic: false }, paperId);
    } else {
      if (!/^\d{1,12}$/.test(choice)) throw invalidInput(`“${choice}” is not a collection.`);
      await ctx.core.collections.addPaper(viewer, Number(choice), paperId);
    }
    return c.redirect(`${paperPath(paperId)}#collections`, 303);
  });

  // not in the page cache: the address is checked against the current slug (a rename moves it) on every visit
  app.get('/collections/:address', async (c) => {
    const id = collectionId(c.req.param('address'));
    const viewer = c.get('viewer');
    const view = await ctx.core.collections.view(viewer, id);
    const canonical = collectionPath(view.collection);
    if (canonical !== c.req.path) return localRedirect(c, `${canonical}${new URL(c.req.url).search}`, 301);
    const notice = view.isOwner ? NOTICES[c.req.query('done') ?? ''] : undefined;
    const page = htmlDocument(<CollectionPage view={view} baseUrl={ctx.config.baseUrl} {...(notice ? { notice } : {})} />);
    return c.html(page, 200, { 'cache-control': viewer ? 'private, no-cache' : 'no-cache' });
  });

  const editPage = async (c: Context, id: number, extra: { error?: string; typed?: CollectionFields }, status: 200 | 400 = 200) => {
    const viewer = requireViewer(c, 'edit a collection');
    const view = await ctx.core.collections.view(viewer, id);
    if (!view.isOwner) throw new AppError('forbidden', `“${view.collection.title}” is @${view.collection.ownerUsername}’s collection: only they can change it.`);
    return c.html(htmlDocument(<CollectionEditPage collection={view.collection} {...extra} />), status, { 'cache-control': 'no-store' });
  };

  app.get('/collections/:address/edit', (c) => editPage(c, collectionId(c.req.param('address')), {}));

  app.post('/collections/:address/edit', async (c) => {
    const viewer = requireViewer(c, 'edit a collection');
    const id = collectionId(c.req.param('address'));
    const typed = typedFields(await formFields(c, 4000));
    try {
      const saved = await ctx.core.collections.update(viewer, id, typed);
      return c.redirect(`${collectionPath(saved)}?done=saved`, 303);
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_input') return editPage(c, id, { error: e.message, typed }, 400);
      throw e;
    }
  });

  app.post('/collections/:address/delete', async (c) => {
    const viewer = requireViewer(c, 'delete a collection');
    const id = collectionId(c.req.param('address'));
    const form = await formFields(c, 100);
    if (form.confirm !== 'yes') throw invalidInput('Tick “Yes, delete” to delete the collection.');
    await ctx.core.collections.delete(viewer, id);
    return c.redirect('/collections?done=deleted', 303);
  });

  app.post('/collections/:address/remove', async (c) => {
    const viewer = requireViewer(c, 'change a collection');
    const id = collectionId(c.req.param('address'));
    const paperId = paperIdField(await formFields(c, 500));
    await ctx.core.collections.removePaper(viewer, id, paperId);
    return c.redirect(`/collections/${id}?done=removed`, 303);
  });
}
