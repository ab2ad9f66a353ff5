/** @jsxImportSource hono/jsx */
/** `/admin`: the moderators' page. Each queue is a section component of its own. */
import type { Child } from 'hono/jsx';
import type { ModerationOverview } from '../../app/types.ts';
import { formatInstant, plural } from './format.ts';
import { Layout } from './layout.tsx';

export function AdminPage({ overview, sections = [] }: { overview: ModerationOverview; sections?: Child[] }) {
  return (
    <Layout title="Moderation" noindex>
      <h1>Moderation</h1>
      {sections}
      <section class="panel" aria-labelledby="hits-h">
        <h2 id="hits-h">Rate-limit hits, last 7 days</h2>
        {overview.rateLimitHits.length === 0 ? (
          <p class="muted">Nobody hit a limit.</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">Refused</th>
                <th scope="col">Last</th>
              </tr>
            </thead>
            <tbody>
              {overview.rateLimitHits.map((h) => (
                <tr>
                  <td>{h.bucket}</td>
                  <td>
                    <code>{h.subject}</code>
                  </td>
                  <td>{plural(h.hits, 'time')}</td>
                  <td>{formatInstant(h.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" aria-labelledby="users-h">
        <h2 id="users-h">Accounts ({overview.accounts.length})</h2>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {overview.accounts.map((a) => (
              <tr>
                <td>
                  <a href={`/u/${encodeURIComponent(a.username)}`}>@{a.username}</a>
                </td>
                <td>{a.email}</td>
                <td>{a.isAdmin ? 'admin' : 'member'}</td>
                <td>{formatInstant(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          Make someone an administrator with <code>paperboy users promote EMAIL</code>.
        </p>
      </section>
    </Layout>
  );
}
