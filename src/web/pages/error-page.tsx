/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { htmlDocument, Layout } from './layout.tsx';

export interface ErrorPageProps {
  readonly status: number;
  readonly title: string;
  readonly children: Child;
}

const LABEL: Record<number, string> = { 400: 'Bad request', 401: 'Sign in', 403: 'Not yours', 429: 'Slow down', 404: 'Not found', 405: 'Method not allowed', 414: 'Address too long', 431: 'Headers too large', 409: 'Conflict', 500: 'Something went wrong', 503: 'Busy' };

export function ErrorPage({ status, title, children }: ErrorPageProps) {
  return (
    <Layout title={title}>
      <section class="error-page">
        <p class="eyebrow">
          {status} · {LABEL[status] ?? 'Error'}
        </p>
        <h1>{title}</h1>
        <div class="error-help">{children}</div>
        <p class="empty-links">
          <a class="button primary" href="/">
            Today’s papers
          </a>
        </p>
      </section>
    </Layout>
  );
}

export function notFoundPageHtml(path: string): string {
  return htmlDocument(
    <ErrorPage status={404} title="This page does not exist">
      <p>
        Nothing lives at <code>{path}</code>. Daily listings are at <code>/papers/date/YYYY-MM-DD</code>, weekly ones at{' '}
        <code>/papers/week/YYYY-Www</code>, monthly ones at <code>/papers/month/YYYY-MM</code>, and papers at <code>/papers/ID</code>.
      </p>
    </ErrorPage>,
  );
}

const TITLE: Record<number, string> = { 400: 'That is not quite right', 401: 'Sign in first', 403: 'You cannot do that', 429: 'Too many at once', 404: 'Not found', 405: 'That method is not allowed here', 414: 'That address is too long', 431: 'That request is too large', 409: 'Not right now', 503: 'Not right now' };

/** `back`: the page that was asked for, for a 401's "sign in" link to return to. */
export function errorPageHtml(status: number, message: string, back?: string): string {
  const title = TITLE[status] ?? 'Something went wrong';
  return htmlDocument(
    <ErrorPage status={status} title={title}>
      <p>{message}</p>
      {status === 401 ? (
        <p>
          <a class="button primary" href={`/signin?next=${encodeURIComponent(back ?? '/')}`}>
            Sign in
          </a>
        </p>
      ) : null}
    </ErrorPage>,
  );
}
