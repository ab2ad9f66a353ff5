/** @jsxImportSource hono/jsx */
/** `/digest/settings`: what a subscriber's digest holds, when it comes, and unsubscribing. */
import type { Subscriber } from '../../domain/digest.ts';
import { MAX_PAPER_COUNT, MIN_PAPER_COUNT } from '../../domain/digest.ts';
import { currentCsrf } from '../auth/request-scope.ts';
import { Layout } from './layout.tsx';
import { Notice } from './notice.tsx';

export interface DigestSettingsPageProps {
  readonly subscriber: Subscriber;
  /** the settings link's token; null when the page is reached signed in */
  readonly token: string | null;
  readonly unsubscribeToken: string;
  readonly notice?: string;
  readonly error?: string;
  /** what was typed, when the form was refused */
  readonly typed?: Record<string, string>;
}

const TIME_ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const STATUS_TEXT: Record<Subscriber['status'], string> = {
  pending: 'waiting for you to confirm the address (see the confirmation email)',
  active: 'active',
  unsubscribed: 'unsubscribed: no digests are sent',
  paused: 'paused: mail to this address bounced several times',
};

export function DigestSettingsPage(props: DigestSettingsPageProps) {
  const { subscriber: s, token, notice, error, typed } = props;
  const csrf = currentCsrf();
  const v = (name: string, fallback: string) => typed?.[name] ?? fallback;
  const checked = (name: string, fallback: boolean) => (typed ? typed[name] === 'on' : fallback);
  const tokenField = token ? <input type="hidden" name="token" value={token} /> : null;
  const frequency = v('frequency', s.frequency);
  const hour = v('sendHour', String(s.sendHour));
  return (
    <Layout title="Your digest" noindex>
      <section class="panel narrow digest-settings">
        <h1>Your digest</h1>
        <p class="muted">
          For <strong>{s.email}</strong> · {STATUS_TEXT[s.status]}
        </p>
        <Notice kind="ok" message={notice} />
        <Notice kind="error" message={error} />
        <form method="post" action="/digest/settings">
          <input type="hidden" name="_csrf" value={csrf} />
          {tokenField}
          <fieldset class="form-row">
            <legend>How often</legend>
            <label class="choice">
              <input type="radio" name="frequency" value="daily" checked={frequency === 'daily'} /> Daily, Monday to Friday
            </label>
            <label class="choice">
              <input type="radio" name="frequency" value="weekly" checked={frequency === 'weekly'} /> Weekly, on Mondays
            </label>
          </fieldset>
          <div class="form-row inline-fields">
            <label for="send-hour">At</label>
            <select class="field" id="send-hour" name="sendHour">
              {HOURS.map((h) => (
                <option value={String(h)} selected={hour === String(h)}>
                  {String(h).padStart(2, '0')}:00
                </option>
              ))}
            </select>
            <label for="time-zone">in</label>
            <input class="field" id="time-zone" name="timeZone" required maxlength={64} value={v('timeZone', s.timeZone)} placeholder="Europe/Berlin" list="time-zones" />
          </div>
          <datalist id="time-zones">
            {TIME_ZONES.map((z) => (
              <option value={z} />
            ))}
          </datalist>
          <span class="hint">Your time zone, as a place: Europe/Berlin, America/New_York, Asia/Tokyo, UTC.</span>
          <div class="form-row">
            <label for="paper-count">Papers per digest</label>
            <input class="field short" id="paper-count" name="paperCount" type="number" min={MIN_PAPER_COUNT} max={MAX_PAPER_COUNT} required value={v('paperCount', String(s.paperCount))} />
          </div>
          <fieldset class="form-row">
            <legend>What to include</legend>
            <label class="choice">
              <input type="checkbox" name="includeTrending" checked={checked('includeTrending', s.includeTrending)} /> Trending papers (most upvoted)
            </label>
            <label class="choice">
              <input type="checkbox" name="includeSimilar" checked={checked('includeSimilar', s.includeSimilar)} /> Papers like the ones I upvoted
              {s.userId === null ? <span class="hint"> (needs an account: subscribe while signed in with this address)</span> : null}
            </label>
          </fieldset>
          <div class="form-row">
            <label for="categories">arXiv categories</label>
            <input class="field" id="categories" name="categories" maxlength={500} value={v('categories', s.categories.join(', '))} placeholder="cs.CL, cs.LG, stat.ML" />
            <span class="hint">Separated by commas: cs.CL, math.GT, or a whole archive such as hep-th.</span>
          </div>
          <div class="form-row">
            <label for="keywords">Keywords and saved searches</label>
            <textarea class="field" id="keywords" name="keywords" rows={4} maxlength={2200} placeholder={'diffusion models\n"retrieval augmented" cat:cs.CL'}>
              {v('keywords', s.keywords.join('\n'))}
            </textarea>
            <span class="hint">One a line, written like a search (quotes, author:, cat: work).</span>
          </div>
          <button class="button primary" type="submit">
            Save
          </button>
        </form>
      </section>
      <section class="panel narrow">
        {s.status === 'unsubscribed' || s.status === 'paused' ? (
          <form method="post" action="/digest/settings/resubscribe">
            <input type="hidden" name="_csrf" value={csrf} />
            {tokenField}
            <p>No digests go to this address now.</p>
            <button class="button primary" type="submit">
              Subscribe again
            </button>
          </form>
        ) : (
          <form method="post" action={`/digest/unsubscribe?token=${encodeURIComponent(props.unsubscribeToken)}`}>
            <p class="muted">Had enough? One click and no more digests.</p>
            <button class="button" type="submit">
              Unsubscribe
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}
