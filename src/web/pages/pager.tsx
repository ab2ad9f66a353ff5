/** @jsxImportSource hono/jsx */
/** "← Previous page · Page 2 of 5 · Next page →" for any paged list; nothing when there is one page. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 0 ? <a href={href(page - 1)}>← Previous page</a> : <span />}
      <span class="muted">
        Page {page + 1} of {pages}
      </span>
      {page + 1 < pages ? <a href={href(page + 1)}>Next page →</a> : <span />}
    </nav>
  );
}
