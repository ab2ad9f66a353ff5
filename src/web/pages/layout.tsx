/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { staticUrl } from '../static-assets.ts';
import { currentCsrf, currentPath, currentViewer } from '../auth/request-scope.ts';
import { LATEST_FEED_PATH, profilePath } from './paths.ts';

export interface LayoutProps {
  readonly title: string;
  readonly description?: string;
  /** absolute canonical URL */
  readonly canonical?: string;
  /** keep search engines off pages with nothing on them */
  readonly noindex?: boolean;
  /** the search box's current text */
  readonly q?: string;
  /** which top navigation entry is current */
  readonly section?: 'daily' | 'weekly' | 'monthly' | 'trending' | 'none';
  /** this page's own Atom feeds, announced before the site's latest-papers feed */
  readonly feeds?: readonly { readonly title: string; readonly href: string }[];
  readonly children: Child;
}

const Logo = () => (
  <svg class="logo-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
    <rect x="3" y="5" width="22" height="24" rx="3" fill="currentColor" opacity="0.18" />
    <rect x="7" y="3" width="22" height="24" rx="3" fill="currentColor" />
    <rect x="11" y="8" width="14" height="3" rx="1.5" fill="var(--bg)" />
    <rect x="11" y="14" width="14" height="2" rx="1" fill="var(--bg)" opacity="0.8" />
    <rect x="11" y="18" width="10" height="2" rx="1" fill="var(--bg)" opacity="0.8" />
  </svg>
);

export function Layout(props: LayoutProps) {
  const section = props.section ?? 'none';
  const nav = (key: 'daily' | 'weekly' | 'monthly' | 'trending', href: string, label: string) => (
    <a href={href} aria-current={section === key ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{props.title === 'Paperboy' ? 'Paperboy' : `${props.title} · Paperboy`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        {props.noindex ? <meta name="robots" content="noindex" /> : null}
        {[...(props.feeds ?? []), { title: 'Paperboy: latest papers', href: LATEST_FEED_PATH }].map((f) => (
          <link rel="alternate" type="application/atom+xml" title={f.title} href={f.href} />
        ))}
        <link rel="icon" href={staticUrl('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={staticUrl('app.css')} />
        <link rel="stylesheet" href={staticUrl('katex/katex.min.css')} />
        <script src={staticUrl('htmx.min.js')} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              <Logo />
              <span>Paperboy</span>
            </a>
            <nav class="site-nav" aria-label="Listings">
              {nav('daily', '/', 'Daily')}
              {nav('weekly', '/papers/week', 'Weekly')}
              {nav('monthly', '/papers/month', 'Monthly')}
              {nav('trending', '/papers/trending', 'Trending')}
            </nav>
            <form class="header-search" action="/search" method="get" role="search">
              <label class="sr-only" for="header-q">
                Search papers
              </label>
              <input id="header-q" type="search" name="q" value={props.q ?? ''} maxlength={500} placeholder="Search papers…" />
            </form>
            {/* a plain link (no per-visitor token, so cached anonymous pages carry it); /subscribe holds the form, `?email=` prefills it */}
            <a class="button small header-subscribe" href="/subscribe" title="Get the papers that matter to you by email">
              Subscribe
            </a>
            <AccountNav />
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            Paperboy — an open, self-hosted research-paper hub. <a href="/subscribe">The papers by email</a> · <a href="/papers/trending">Trending</a> ·{' '}
            <a href="/about/ranking">How ranking works</a> · <a href={LATEST_FEED_PATH}>Atom feed</a> · <a href="/api/daily_papers">JSON API</a>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Sign in, or who is signed in with their pages and a sign-out button. */
function AccountNav() {
  const viewer = currentViewer();
  if (!viewer) {
    const here = currentPath();
    const next = here.startsWith('/signin') ? '' : `?next=${encodeURIComponent(here)}`;
    return (
      <nav class="account-nav" aria-label="Account">
        <a class="button small" href={`/signin${next}`}>
          Sign in
        </a>
      </nav>
    );
  }
  // the account's pages sit in a menu under the name (a <details>: no script needed), so the
  // header keeps room for the search box
  return (
    <nav class="account-nav" aria-label="Account">
      <a href="/papers/submit" class="submit-link">
        Submit
      </a>
      <details class="account-menu">
        <summary class="account-name" title="Your account">@{viewer.username}</summary>
        <div class="account-menu-items">
          <a href="/papers/for-you">Papers for you</a>
          <a href={profilePath(viewer.username)}>Your page</a>
          <a href="/collections">Collections</a>
          <a href="/settings">Settings</a>
          {viewer.isAdmin ? <a href="/admin">Moderation</a> : null}
          <form method="post" action="/signout" class="inline-form">
            <input type="hidden" name="_csrf" value={currentCsrf()} />
            <button type="submit" class="link-button">
              Sign out
            </button>
          </form>
        </div>
      </details>
    </nav>
  );
}

/** A whole HTML document as text (JSX cannot express the doctype). */
export function htmlDocument(node: { toString(): string | Promise<string> }): string {
  const text = node.toString();
  if (typeof text !== 'string') throw new Error('pages must render synchronously');
  return `<!DOCTYPE html>${text}`;
}
