/**
 * Configured sources that run by themselves inside `paperboy serve`. The file
 * named by PAPERBOY_SOURCES is a JSON array, e.g.
 *
 *   [{ "name": "cs.AI listing", "kind": "rss", "category": "cs.AI", "at": "06:30" },
 *    { "name": "cs.LG", "kind": "oai", "set": "cs:cs:LG", "format": "arXivRaw", "at": "07:00" },
 *    { "name": "HF", "kind": "daily", "upstream": "https://huggingface.co", "at": "08:00",
 *      "days": ["mon", "tue", "wed", "thu", "fri"] }]
 *
 * Times are UTC; `days` defaults to every day. One source runs at a time; each
 * run's outcome is kept in the database (ingest_state `schedule:NAME`).
 */
import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { addDays, dayOf } from '../domain/period.ts';
import { isDue, WEEKDAYS } from '../domain/schedule.ts';
import { readState, writeState } from '../store/ingest-state-repo.ts';
import type { Store } from '../store/store.ts';
import { sourceField, type SourceRun } from './source-spec.ts';
import { pendingDays } from './sources/daily-mirror.ts';
import type { IngestReport } from './sources/ingest-report.ts';

const timing = {
  name: z.string().min(1).max(100),
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'at must be a time of day HH:MM (UTC)'),
  days: z.array(z.enum(WEEKDAYS)).min(1).default([...WEEKDAYS]),
};
const { category, oaiSet, oaiFormat, upstream } = sourceField;

const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rss'), category, ...timing }),
  z.object({ kind: z.literal('arxiv'), category, sinceDays: z.number().int().min(1).max(90).default(3), ...timing }),
  z.object({ kind: z.literal('oai'), set: oaiSet.nullable().default(null), format: oaiFormat.default('arXivRaw'), ...timing }),
  z.object({ kind: z.literal('daily'), upstream, ...timing }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

export function loadSchedules(file: string): Schedule[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('config', `PAPERBOY_SOURCES=${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(e as Error).message})`}`);
  }
  const parsed = z.array(scheduleSchema).safeParse(raw);
  if (!parsed.success) {
    throw new AppError('config', `PAPERBOY_SOURCES=${file}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
  }
  const names = parsed.data.map((s) => s.name);
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe) throw new AppError('config', `PAPERBOY_SOURCES=${file}: two sources are named ${JSON.stringify(dupe)}; names must be unique`);
  return parsed.data;
}

/** What a schedule fetches when it runs at `now`. */
export async function scheduledRun(store: Store, s: Schedule, now: Date): Promise<SourceRun> {
  switch (s.kind) {
    case 'rss':
      return { kind: 'rss', category: s.category };
    case 'arxiv':
      return { kind: 'arxiv', category: s.category, since: addDays(dayOf(now), -s.sinceDays) };
    case 'oai':
      return { kind: 'oai', set: s.set, format: s.format, until: null };
    case 'daily':
      return { kind: 'daily', upstream: s.upstream, dates: await pendingDays(store, s.upstream, dayOf(now)) };
  }
}

const lastRunSchema = z.object({ lastRun: z.string() });
const stateKey = (s: Schedule): string => `schedule:${s.name}`;

/**
 * Checks every minute and runs what is due, one source at a time. Returns a
 * stop function that waits for a run in progress to finish.
 */
export function startScheduler(
  store: Store,
  schedules: readonly Schedule[],
  run: (s: Schedule, now: Date) => Promise<IngestReport>,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
  intervalMs = 60_000,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async (): Promise<void> => {
    for (const s of schedules) {
      if (stopped) return;
      const now = new Date();
      const last = lastRunSchema.safeParse(await readState(store.db, stateKey(s)));
      if (!isDue(s, now, last.success ? last.data.lastRun : null)) continue;
      const started = Date.now();
      let outcome: object;
      try {
        const r = await run(s, now);
        outcome = { ok: true, papers: r.papers, failed: r.failed.length, warnings: r.warnings.length, requests: r.requests };
        log.info({ source: s.name, ...outcome, seconds: (Date.now() - started) / 1000 }, 'scheduled ingest done');
      } catch (e) {
        outcome = { ok: false, error: (e as Error).message };
        log.error({ source: s.name, err: e }, 'scheduled ingest failed; it runs again at its next time');
      }
      // A failed run counts as run: the next try is at the next scheduled time, not every minute.
      await writeState(store.db, stateKey(s), { lastRun: now.toISOString(), ...outcome }, new Date().toISOString());
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick().finally(() => {
      running = null;
    });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
