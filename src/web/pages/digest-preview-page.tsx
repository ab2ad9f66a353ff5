/** @jsxImportSource hono/jsx */
/** `/digest/preview` (admins): pick a subscriber and a period; the digest itself is then served as the page. */
import type { Subscriber } from '../../domain/digest.ts';
import { Layout } from './layout.tsx';

export function DigestPreviewPage({ subscribers, email, period, message }: { subscribers: readonly Subscriber[]; email: string; period: string; message?: string }) {
  return (
    <Layout title="Digest preview" noindex>
      <section class="panel narrow">
        <h1>Preview a digest</h1>
        <p class="muted">Shows the HTML part exactly as the subscriber would get it (nothing is sent).</p>
        {message ? <p class="notice error">{message}</p> : null}
        <form method="get" action="/digest/preview">
          <div class="form-row">
            <label for="preview-email">Subscriber</label>
            <input class="field" id="preview-email" name="email" type="email" required value={email} list="subscriber-list" />
            <datalist id="subscriber-list">
              {subscribers.map((s) => (
                <option value={s.email}>{`${s.status} · ${s.frequency}`}</option>
              ))}
            </datalist>
          </div>
          <div class="form-row">
            <label for="preview-period">Period</label>
            <input class="field" id="preview-period" name="period" value={period} placeholder="D2026-08-21 or W2026-W34" pattern="D\d{4}-\d{2}-\d{2}|W\d{4}-W\d{2}" />
            <span class="hint">Empty: the digest that covers the newest listed day.</span>
          </div>
          <button class="button primary" type="submit">
            Preview
          </button>
        </form>
        {subscribers.length === 0 ? <p class="muted">Nobody has subscribed yet.</p> : null}
      </section>
    </Layout>
  );
}
