import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntryWriter } from '../../src/ingest/entry-writer.ts';
import { newReport } from '../../src/ingest/sources/ingest-report.ts';
import { loadSchedules, startScheduler, type Schedule } from '../../src/ingest/schedules.ts';
import { readState } from '../../src/store/ingest-state-repo.ts';
import { openStore, type Store } from '../../src/store/store.ts';

let store: Store;
let dir: string;
beforeEach(async () => {
  store = await openStore(':memory:');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-sched-'));
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (value: unknown): string => {
  const file = path.join(dir, 'sources.json');
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const quiet = { info: () => undefined, error: () => undefined };

describe('the sources file', () => {
  it('reads every kind with defaults', () => {
    const s = loadSchedules(
      write([
        { name: 'listing', kind: 'rss', category: 'cs.AI', at: '06:30' },
        { name: 'lg', kind: 'oai', set: 'cs:cs:LG', at: '07:00', days: ['mon'] },
        { name: 'hf', kind: 'daily', upstream: 'https://huggingface.co', at: '08:00' },
        { name: 'cl', kind: 'arxiv', category: 'cs.CL', at: '05:00' },
      ]),
    );
    expect(s.map((x) => x.kind)).toEqual(['rss', 'oai', 'daily', 'arxiv']);
    expect(s[0]!.days).toHaveLength(7);
    expect(s[1]).toMatchObject({ format: 'arXivRaw', days: ['mon'] });
    expect(s[3]).toMatchObject({ sinceDays: 3 });
  });

  it.each([
    ['not json', 'not valid JSON'],
    [[{ name: 'x', kind: 'rss', category: 'cs.AI', at: '25:00' }], 'HH:MM'],
    [[{ name: 'x', kind: 'carrier-pigeon', at: '05:00' }], 'kind'],
    [[{ name: 'x', kind: 'rss', category: 'cs.AI', at: '05:00' }, { name: 'x', kind: 'rss', category: 'cs.CL', at: '05:00' }], 'names must be unique'],
  ])('refuses %j with a message that says what is wrong', (content, message) => {
    expect(() => loadSchedules(write(content))).toThrow(message);
  });

  it('says when the file is missing', () => {
    expect(() => loadSchedules(path.join(dir, 'nope.json'))).toThrow('no such file');
  });
});

describe('the scheduler', () => {
  it('runs each due source once, records the outcome, and does not retry a failure every minute', async () => {
    const schedules: Schedule[] = [
      { name: 'works', kind: 'rss', category: 'cs.AI', at: '00:00', days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
      { name: 'breaks', kind: 'rss', category: 'cs.CL', at: '00:00', days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
    ];
    const calls: string[] = [];
    const stop = startScheduler(
      store,
      schedules,
      async (s) => {
        calls.push(s.name);
        if (s.name === 'breaks') throw new Error('arXiv is down');
        return newReport(s.name, new EntryWriter());
      },
      quiet,
      10,
    );
    await new Promise((r) => setTimeout(r, 250));
    await stop();
    expect(calls.sort()).toEqual(['breaks', 'works']);
    expect(await readState(store.db, 'schedule:works')).toMatchObject({ ok: true });
    expect(await readState(store.db, 'schedule:breaks')).toMatchObject({ ok: false, error: 'arXiv is down' });
  });
});
