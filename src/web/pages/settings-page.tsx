/** @jsxImportSource hono/jsx */
/** `/settings`: your name, your API tokens, your sessions. */
import type { Account, ApiTokenInfo } from '../../app/types.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { formatInstant, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { Notice } from './notice.tsx';

export interface SettingsPageProps {
  readonly account: Account;
  readonly tokens: readonly ApiTokenInfo[];
  readonly sessions: number;
  /** a token just made: shown once */
  readonly newToken?: { name: string; token: string };
  readonly notice?: string;
  readonly error?: string;
  /** what was typed, when the profile form was refused */
  readonly typed?: { username: string; fullname: string };
  readonly welcome?: boolean;
  /** where the new account was going when it signed up (a local path) */
  readonly next?: string;
}

export function SettingsPage(props: SettingsPageProps) {
  const { account, tokens, sessions, newToken, notice, error, typed, welcome, next } = props;
  const csrf = currentCsrf();
  return (
    <Layout title="Settings" noindex>
      <h1>Settings</h1>
      {welcome ? (
        <p class="notice ok">
          Welcome to Paperboy! You are <strong>@{account.username}</strong>; change your username below if you like.
          {next ? (
            <>
              {' '}
              <a href={next}>Continue to where you were going</a>
            </>
          ) : null}
        </p>
      ) : null}
      <Notice kind="ok" message={notice} />
      <Notice kind="error" message={error} />
      <section class="panel" aria-labelledby="profile-h">
        <h2 id="profile-h">Profile</h2>
        <form method="post" action="/settings/profile">
          <input type="hidden" name="_csrf" value={csrf} />
          <div class="form-row">
            <label for="username">Username</label>
            <input class="field" id="username" name="username" required maxlength={30} value={typed?.username ?? account.username} autocomplete="username" />
            <span class="hint">3–30 characters: lowercase letters, digits, “-” and “_”. Your page is /u/{account.username}.</span>
          </div>
          <div class="form-row">
            <label for="fullname">Name shown to others</label>
            <input class="field" id="fullname" name="fullname" maxlength={80} value={typed?.fullname ?? account.fullname ?? ''} autocomplete="name" />
          </div>
          <p class="muted">Email: {account.email} (only you see it)</p>
          <button class="button primary" type="submit">
            Save
          </button>
        </form>
      </section>
      <section class="panel" aria-labelledby="digest-h">
        <h2 id="digest-h">Email digest</h2>
        <p class="muted">
          Papers that matter to you, by email, daily or weekly: <a href="/digest/settings">manage your digest</a> (or subscribe with {account.email}).
        </p>
      </section>
      <section class="panel" aria-labelledby="tokens-h">
        <h2 id="tokens-h">API tokens</h2>
        <p class="muted">
          For scripts: send <code>Authorization: Bearer TOKEN</code> to the JSON API to act as you.
        </p>
        {newToken ? (
          <div class="notice ok">
            <p>
              Your new token “{newToken.name}”. Copy it now: it is not shown again.
            </p>
            <p class="secret" id="new-token">
              {newToken.token}
            </p>
          </div>
        ) : null}
        {tokens.length > 0 ? (
          <ul class="token-list">
            {tokens.map((t) => (
              <li>
                <span>
                  <strong>{t.name}</strong>{' '}
                  <span class="muted">
                    made {formatInstant(t.createdAt)}
                    {t.lastUsedAt ? ` · last used ${formatInstant(t.lastUsedAt)}` : ' · never used'}
                  </span>
                </span>
                <form method="post" action={`/settings/tokens/${t.id}/revoke`} class="inline-form">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button class="button small" type="submit" aria-label={`Revoke token ${t.name}`}>
                    Revoke
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : null}
        <form method="post" action="/settings/tokens">
          <input type="hidden" name="_csrf" value={csrf} />
          <div class="form-row">
            <label for="token-name">New token’s name</label>
            <input class="field" id="token-name" name="name" required maxlength={60} placeholder="e.g. my reading script" />
          </div>
          <button class="button" type="submit">
            Make a token
          </button>
        </form>
      </section>
      <section class="panel" aria-labelledby="sessions-h">
        <h2 id="sessions-h">Signed-in browsers</h2>
        <p>You are signed in on {plural(sessions, 'browser')}.</p>
        <div class="button-row">
          <form method="post" action="/signout" class="inline-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <button class="button" type="submit">
              Sign out
            </button>
          </form>
          <form method="post" action="/signout/everywhere" class="inline-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <button class="button" type="submit">
              Sign out everywhere
            </button>
          </form>
        </div>
      </section>
    </Layout>
  );
}
