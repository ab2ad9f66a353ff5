/** @jsxImportSource hono/jsx */
/** Subscribing to the digest: ask for an address, say a mail went out, confirm, unsubscribe. */
import { currentCsrf } from '../auth/request-scope.ts';
import { Layout } from './layout.tsx';
import { Notice } from './notice.tsx';

export function SubscribePage({ email = '', error }: { email?: string; error?: string }) {
  return (
    <Layout title="Get papers by email" noindex>
      <section class="panel narrow">
        <h1>Get trending papers in your inbox</h1>
        <p class="muted">A short email each weekday morning (or once a week): the papers that matter to you, each with the reason it is there. You choose the hour, the number of papers, categories and saved searches after confirming.</p>
        <Notice kind="error" message={error} />
        <form method="post" action="/subscribe">
          <input type="hidden" name="_csrf" value={currentCsrf()} />
          <div class="form-row">
            <label for="subscribe-email">Email address</label>
            <input class="field" id="subscribe-email" name="email" type="email" required autocomplete="email" maxlength={254} value={email} autofocus />
          </div>
          <button class="button primary" type="submit">
            Subscribe
          </button>
        </form>
        <p class="muted small-print">We send one confirmation email; nothing else until you confirm. Every digest has a one-click unsubscribe link.</p>
      </section>
    </Layout>
  );
}

/** The same page whether the address was new, pending or already subscribed: nobody learns who subscribes. */
export function SubscribeSentPage({ email, delivery }: { email: string; delivery: string }) {
  return (
    <Layout title="Check your inbox" noindex>
      <section class="panel narrow">
        <h1>Check your inbox</h1>
        <p>
          We sent an email to <strong>{email}</strong>. Open the link in it to confirm your subscription (or to manage it, if this address is already subscribed).
        </p>
        <p class="muted">{delivery}</p>
        <p class="muted">
          Nothing arrived? Look in spam, or <a href={`/subscribe?email=${encodeURIComponent(email)}`}>try again</a>.
        </p>
      </section>
    </Layout>
  );
}

/** What a confirmation link opens: a button, because mail scanners open links. */
export function ConfirmSubscriptionPage({ token, error }: { token: string; error?: string }) {
  return (
    <Layout title="Confirm your subscription" noindex>
      <section class="panel narrow">
        <h1>Confirm your subscription</h1>
        <Notice kind="error" message={error} />
        <p>One click and your digest starts. You can change what it holds on the next page.</p>
        <form method="post" action="/subscribe/confirm">
          <input type="hidden" name="_csrf" value={currentCsrf()} />
          <input type="hidden" name="token" value={token} />
          <button class="button primary" type="submit">
            Confirm my subscription
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function UnsubscribePage({ token, email }: { token: string; email: string }) {
  return (
    <Layout title="Unsubscribe" noindex>
      <section class="panel narrow">
        <h1>Unsubscribe</h1>
        <p>
          Stop sending digests to <strong>{email}</strong>?
        </p>
        {/* the POST route takes the signed token as its authentication (RFC 8058); no CSRF field needed */}
        <form method="post" action={`/digest/unsubscribe?token=${encodeURIComponent(token)}`}>
          <button class="button primary" type="submit">
            Unsubscribe
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function UnsubscribedPage({ email, manageToken }: { email: string; manageToken: string }) {
  return (
    <Layout title="Unsubscribed" noindex>
      <section class="panel narrow">
        <h1>You are unsubscribed</h1>
        <p>
          No more digests go to <strong>{email}</strong>.
        </p>
        <p class="muted">
          Changed your mind? <a href={`/digest/settings?token=${encodeURIComponent(manageToken)}`}>Subscribe again from your settings</a>.
        </p>
      </section>
    </Layout>
  );
}

export function NothingThisPeriodPage({ label }: { label: string }) {
  return (
    <Layout title="Digest" noindex>
      <section class="panel narrow">
        <h1>Nothing for this period</h1>
        <p>No paper of {label} matched your digest settings, so no digest was made.</p>
      </section>
    </Layout>
  );
}
