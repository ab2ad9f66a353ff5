/** @jsxImportSource hono/jsx */
/**
 * The paper page's "Edit links" section, for the people who may change the
 * paper's code repository and project page (its submitters, claimed authors,
 * administrators). The paper page route puts what it needs in the request
 * (`paperLinkEditing`, null for everyone else), so the page itself only
 * renders `<PaperLinksSection />`; anonymous (cached) pages never have it.
 * Also says "listed" or "saved" after a submission or an edit redirected here.
 */
import { tryGetContext } from 'hono/context-storage';
import type { LinkEditing, LinkEditRow } from '../../app/types.ts';
import { LINK_FIELD_LABEL } from '../../domain/link-edits.ts';
import { MAX_LINK_LENGTH } from '../../domain/links.ts';
import { dayPeriod, parseDay } from '../../domain/period.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { formatDay, formatInstant } from './format.ts';
import { Layout } from './layout.tsx';
import { paperPath, periodPath, profilePath } from './paths.ts';
import { Notice } from './notice.tsx';

declare module 'hono' {
  interface ContextVariableMap {
    /** set by the paper page route for a viewer who may edit the paper's links */
    paperLinkEditing: LinkEditing | null;
  }
}

/** What the paper page route found for this viewer (null: no form). */
function currentLinkEditing(): LinkEditing | null {
  return tryGetContext()?.get('paperLinkEditing') ?? null;
}

export function PaperLinksSection() {
  const editing = currentLinkEditing();
  if (!editing) return null;
  const c = tryGetContext();
  const submitted = parseDay(c?.req.query('submitted') ?? '');
  const saved = c?.req.query('links') === 'saved';
  return (
    <section class="links-edit" aria-labelledby="links-edit-h">
      {submitted ? (
        <p class="notice ok" role="status">
          Submitted: the paper is on the daily page of <a href={periodPath(dayPeriod(submitted))}>{formatDay(submitted)}</a>, with you as its submitter. Know its
          code or project page? Add them below.
        </p>
      ) : null}
      {saved ? (
        <p class="notice ok" role="status">
          Links saved.
        </p>
      ) : null}
      <details open={submitted !== null || undefined}>
        <summary id="links-edit-h">Edit code and project links</summary>
        <LinksForm editing={editing} />
      </details>
    </section>
  );
}

/** The form itself, on the paper page and on its own page (where a refused edit comes back). */
export function LinksForm({ editing, typed, error }: { editing: LinkEditing; typed?: { githubRepo: string; projectPage: string }; error?: string }) {
  const id = editing.paperId;
  return (
    <form method="post" action={`${paperPath(id)}/links`} class="links-form">
      <input type="hidden" name="_csrf" value={currentCsrf()} />
      <Notice kind="error" message={error} />
      <div class="form-row">
        <label for="link-github">{LINK_FIELD_LABEL.githubRepo}</label>
        <input class="field" id="link-github" name="githubRepo" maxlength={MAX_LINK_LENGTH} value={typed?.githubRepo ?? editing.links.githubRepo ?? ''} placeholder="owner/name or https://…" inputmode="url" autocomplete="off" spellcheck={false} />
        <span class="hint">A GitHub owner/name (huggingface/transformers) or any https:// link.</span>
      </div>
      <div class="form-row">
        <label for="link-project">{LINK_FIELD_LABEL.projectPage}</label>
        <input class="field" id="link-project" name="projectPage" type="url" maxlength={MAX_LINK_LENGTH} value={typed?.projectPage ?? editing.links.projectPage ?? ''} placeholder="https://…" autocomplete="off" spellcheck={false} />
        <span class="hint">Leave a field empty to remove that link. What you set here stays, even when an import brings another link.</span>
      </div>
      <div class="links-actions">
        <button class="button primary" type="submit">
          Save links
        </button>
        {editing.lastEdit ? <LastEdit edit={editing.lastEdit} /> : null}
      </div>
    </form>
  );
}

function LastEdit({ edit }: { edit: LinkEditRow }) {
  return (
    <span class="muted last-edit">
      Last changed by {edit.username ? <a href={profilePath(edit.username)}>@{edit.username}</a> : 'a deleted account'},{' '}
      <time datetime={edit.at}>{formatInstant(edit.at)}</time>
    </span>
  );
}

/** `/papers/{id}/links`: the form alone (where a refused edit is shown again with its message). */
export function LinksEditPage({ editing, title, typed, error }: { editing: LinkEditing; title: string; typed?: { githubRepo: string; projectPage: string }; error?: string }) {
  return (
    <Layout title={`Links of ${title}`} noindex>
      <section class="panel narrow">
        <p class="eyebrow">
          <a href={paperPath(editing.paperId)}>← {editing.paperId}</a>
        </p>
        <h1 class="links-page-title">Code and project links</h1>
        <p class="muted">{title}</p>
        <LinksForm editing={editing} {...(typed ? { typed } : {})} {...(error ? { error } : {})} />
      </section>
    </Layout>
  );
}
