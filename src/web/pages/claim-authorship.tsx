/** @jsxImportSource hono/jsx */
/** "Are you an author?" on a paper page: claim one of its author names, or see where your claim stands. */
import { authorNameKey } from '../../domain/author-name.ts';
import type { Author } from '../../domain/paper.ts';
import { currentCsrf, currentPath } from '../auth/request-scope.ts';
import { currentPaperExtras } from './paper-extras.ts';

export function ClaimAuthorship({ paperId, authors }: { paperId: string; authors: readonly Author[] }) {
  if (authors.length === 0) return null;
  const { shelf, myClaims, claimed } = currentPaperExtras();
  const signedIn = shelf !== null;
  if (!signedIn) {
    return (
      <p class="claim-box muted" id="claim">
        Are you an author? <a href={`/signin?next=${encodeURIComponent(currentPath())}`}>Sign in</a> to claim this paper.
      </p>
    );
  }
  const open = myClaims.find((c) => c.status !== 'rejected');
  if (open) {
    return (
      <p class={`claim-box claim-${open.status}`} id="claim">
        {open.status === 'approved' ? (
          <>✓ You are confirmed as <strong>{open.authorName}</strong> on this paper.</>
        ) : (
          <>
            You claimed to be <strong>{open.authorName}</strong> on this paper; an administrator will look at it soon.
          </>
        )}
      </p>
    );
  }
  const taken = new Set(claimed.map((c) => c.nameKey));
  const seen = new Set<string>();
  const free = authors.filter((a) => {
    const key = authorNameKey(a.name);
    if (!key || taken.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (free.length === 0) return null;
  const rejected = myClaims[0];
  return (
    <details class="claim-box" id="claim">
      <summary>Are you an author of this paper? Claim authorship</summary>
      {rejected ? <p class="muted">Your earlier claim ({rejected.authorName}) was not approved.</p> : null}
      <form method="post" action="/claims" class="shelf-form">
        <input type="hidden" name="_csrf" value={currentCsrf()} />
        <input type="hidden" name="paper_id" value={paperId} />
        <label for="claim-name">I am</label>
        <select class="field" id="claim-name" name="author_name" required>
          {free.map((a) => (
            <option value={a.name}>{a.name}</option>
          ))}
        </select>
        <button class="button" type="submit">
          Claim authorship
        </button>
      </form>
      <p class="hint muted">An administrator checks claims; once approved, your name here links to your profile and you may edit the paper’s links.</p>
    </details>
  );
}
