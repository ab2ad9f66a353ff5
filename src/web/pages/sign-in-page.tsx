/** @jsxImportSource hono/jsx */
/** Signing in: ask for an email, say where the link went, confirm the link. */
import { currentCsrf } from '../auth/request-scope.ts';
import { Layout } from './layout.tsx';
import { Notice } from './notice.tsx';

export function SignInPage({ next, email = '', error, signedOutEverywhere }: { next: string; email?: string; error?: string; signedOutEverywhere?: boolean }) {
  return (
    <Layout title="Sign in" noindex>
      <section class="panel narrow">
        <h1>Sign in or join</h1>
        {signedOutEverywhere ? <p class="notice ok">You are signed out on every browser.</p> : null}
        <p class="muted">No password: we email you a link that signs you in. A new address gets a new account.</p>
        <Notice kind="error" message={error} />
        <form method="post" action="/signin">
          <input type="hidden" name="_csrf" value={currentCsrf()} />
          <input type="hidden" name="next" value={next} />
          <div class="form-row">
            <label for="signin-email">Email address</label>
            <input class="field" id="signin-email" name="email" type="email" required autocomplete="email" maxlength={254} value={email} autofocus />
          </div>
          <button class="button primary" type="submit">
            Email me a sign-in link
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function LinkSentPage({ email, delivery }: { email: string; delivery: string }) {
  return (
    <Layout title="Check your inbox" noindex>
      <section class="panel narrow">
        <h1>Check your inbox</h1>
        <p>
          We sent a sign-in link to <strong>{email}</strong>. It works once, for 15 minutes.
        </p>
        <p class="muted">{delivery}</p>
        <p class="muted">
          Nothing arrived? Look in spam, or <a href="/signin">ask for a new link</a>.
        </p>
      </section>
    </Layout>
  );
}

/** The page a sign-in link opens: one button, so that mail scanners that open links do not use it up. */
export function ConfirmSignInPage({ token }: { token: string }) {
  return (
    <Layout title="Sign in" noindex>
      <section class="panel narrow">
        <h1>Sign in to Paperboy</h1>
        <p>You opened a sign-in link. Continue to sign in on this browser.</p>
        <form method="post" action="/signin/verify">
          <input type="hidden" name="_csrf" value={currentCsrf()} />
          <input type="hidden" name="token" value={token} />
          <button class="button primary" type="submit">
            Continue
          </button>
        </form>
      </section>
    </Layout>
  );
}
