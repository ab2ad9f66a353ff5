import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { AppError } from '../src/domain/errors.ts';

/** The AppError loadConfig throws, for asserting on its code and message. */
function configError(env: NodeJS.ProcessEnv, overrides = {}): AppError {
  try {
    loadConfig(env, overrides);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig: defaults', () => {
  it('runs with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      db: path.resolve('data/paperboy.db'),
      baseUrl: 'http://localhost:3000',
      demoData: true,
      logLevel: 'info',
      embedder: { kind: 'builtin' },
      embedderApiKey: null,
      sources: { arxivApi: 'https://export.arxiv.org/api/query', arxivOai: 'https://oaipmh.arxiv.org/oai', arxivRss: 'https://rss.arxiv.org/rss', arxivPdf: 'https://arxiv.org/pdf' },
      requestIntervalMs: 3000,
      sourcesFile: null,
      maxResponseBytes: 200 * 1024 * 1024,
      pageCacheBytes: 64 * 1024 * 1024,
      searchConcurrency: 1,
      rateLimitScale: 1,
      smtp: null,
      mailFrom: 'Paperboy <paperboy@localhost>',
      outbox: path.resolve('data/outbox'),
      thumbnails: 'all',
      digestSending: { inServe: true, concurrency: 5, batchSize: 100, leaseSeconds: 900, maxAttempts: 5, pauseAfterHardBounces: 3, ratePerSecond: 0 },
      secret: null,
    });
  });

  it('treats empty and blank values as unset', () => {
    expect(loadConfig({ PORT: '', PAPERBOY_DB: '  ', PAPERBOY_BASE_URL: '', PAPERBOY_LOG_LEVEL: ' ' })).toEqual(loadConfig({}));
  });

  it('ignores environment variables that are not PAPERBOY_*', () => {
    expect(loadConfig({ HOME: '/root', NODE_ENV: 'test', PAPERBOYDB: 'x' })).toEqual(loadConfig({}));
  });

  it('derives the default base URL from the port', () => {
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080');
  });
});

describe('loadConfig: valid settings', () => {
  it('reads every known setting', () => {
    const config = loadConfig({
      PORT: ' 8080 ',
      PAPERBOY_HOST: '127.0.0.1',
      PAPERBOY_DB: '/var/lib/paperboy/papers.db',
      PAPERBOY_BASE_URL: 'https://papers.example.org',
      PAPERBOY_DEMO_DATA: 'false',
      PAPERBOY_LOG_LEVEL: 'debug',
      PAPERBOY_EMBEDDER: 'http:http://127.0.0.1:11434#model=nomic-embed-text',
      PAPERBOY_EMBEDDER_API_KEY: 'sk-test',
      ARXIV_API_URL: 'http://127.0.0.1:9001/api/query/',
      ARXIV_OAI_URL: 'http://127.0.0.1:9001/oai',
      ARXIV_RSS_URL: 'http://127.0.0.1:9001/rss',
      PAPERBOY_MAX_RESPONSE_MB: '50',
      PAPERBOY_PAGE_CACHE_MB: '0',
      PAPERBOY_THUMBNAILS: 'upstream',
      ARXIV_PDF_URL: 'http://127.0.0.1:9001/pdf',
      PAPERBOY_SECRET: 'a-secret-of-at-least-thirty-two-characters',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      db: '/var/lib/paperboy/papers.db',
      baseUrl: 'https://papers.example.org',
      demoData: false,
      logLevel: 'debug',
      embedder: { kind: 'http', url: 'http://127.0.0.1:11434', model: 'nomic-embed-text' },
      embedderApiKey: 'sk-test',
      sources: { arxivApi: 'http://127.0.0.1:9001/api/query', arxivOai: 'http://127.0.0.1:9001/oai', arxivRss: 'http://127.0.0.1:9001/rss', arxivPdf: 'http://127.0.0.1:9001/pdf' },
      requestIntervalMs: 3000,
      sourcesFile: null,
      maxResponseBytes: 50 * 1024 * 1024,
      pageCacheBytes: 0,
      searchConcurrency: 4,
      rateLimitScale: 1,
      smtp: null,
      mailFrom: 'Paperboy <paperboy@papers.example.org>',
      outbox: '/var/lib/paperboy/outbox',
      thumbnails: 'upstream',
      digestSending: { inServe: true, concurrency: 5, batchSize: 100, leaseSeconds: 900, maxAttempts: 5, pauseAfterHardBounces: 3, ratePerSecond: 0 },
      secret: 'a-secret-of-at-least-thirty-two-characters',
    });
  });

  it('refuses a response cap or cache size that is not whole megabytes in range', () => {
    expect(configError({ PAPERBOY_MAX_RESPONSE_MB: '0' }).message).toContain('PAPERBOY_MAX_RESPONSE_MB="0" must be from 1 to 4096 (megabytes)');
    expect(configError({ PAPERBOY_PAGE_CACHE_MB: '1.5' }).message).toContain('PAPERBOY_PAGE_CACHE_MB="1.5" must be a whole number of megabytes');
  });

  it('reads PAPERBOY_THUMBNAILS (off, upstream or all, any case) and ARXIV_PDF_URL', () => {
    expect(loadConfig({ PAPERBOY_THUMBNAILS: 'OFF' }).thumbnails).toBe('off');
    expect(loadConfig({ PAPERBOY_THUMBNAILS: 'upstream' }).thumbnails).toBe('upstream');
    expect(loadConfig({ ARXIV_PDF_URL: 'http://127.0.0.1:9/pdf/' }).sources.arxivPdf).toBe('http://127.0.0.1:9/pdf');
    expect(configError({ PAPERBOY_THUMBNAILS: 'some' }).message).toContain('PAPERBOY_THUMBNAILS="some" must be off, upstream or all');
    expect(configError({ ARXIV_PDF_URL: 'ftp://x' }).message).toContain('ARXIV_PDF_URL="ftp://x" must be an absolute http(s) URL');
  });

  it('runs one search at a time with the built-in embedder, four with one it waits for, or as set', () => {
    expect(loadConfig({}).searchConcurrency).toBe(1);
    expect(loadConfig({ PAPERBOY_EMBEDDER: 'http:http://127.0.0.1:11434#model=m' }).searchConcurrency).toBe(4);
    expect(loadConfig({ PAPERBOY_SEARCH_CONCURRENCY: '3' }).searchConcurrency).toBe(3);
    expect(configError({ PAPERBOY_SEARCH_CONCURRENCY: '0' }).message).toContain('PAPERBOY_SEARCH_CONCURRENCY="0" must be a whole number from 1 to 64');
    expect(configError({ PAPERBOY_SEARCH_CONCURRENCY: 'many' }).message).toContain('PAPERBOY_SEARCH_CONCURRENCY="many" must be a whole number from 1 to 64');
  });

  it('accepts the port range ends 1 and 65535', () => {
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it('resolves a relative database path against the working directory and keeps :memory: as is', () => {
    expect(loadConfig({ PAPERBOY_DB: 'papers.db' }).db).toBe(path.resolve('papers.db'));
    expect(loadConfig({ PAPERBOY_DB: ':memory:' }).db).toBe(':memory:');
  });

  it('strips trailing slashes from the base URL, keeping its path', () => {
    expect(loadConfig({ PAPERBOY_BASE_URL: 'https://papers.example.org/' }).baseUrl).toBe('https://papers.example.org');
    expect(loadConfig({ PAPERBOY_BASE_URL: 'http://example.org/paperboy//' }).baseUrl).toBe('http://example.org/paperboy');
  });

  it.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['0', false],
    ['False', false],
    ['no', false],
  ])('reads PAPERBOY_DEMO_DATA=%s as %s', (value, expected) => {
    expect(loadConfig({ PAPERBOY_DEMO_DATA: value }).demoData).toBe(expected);
  });

  it('reads the log level case-insensitively', () => {
    expect(loadConfig({ PAPERBOY_LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
  });
});

describe('loadConfig: flag overrides', () => {
  const env = { PORT: '3000', PAPERBOY_HOST: '0.0.0.0', PAPERBOY_DB: 'env.db', PAPERBOY_BASE_URL: 'https://env.example.org' };

  it('lets flags beat the environment', () => {
    const config = loadConfig(env, { port: '4000', host: '127.0.0.1', db: ':memory:', baseUrl: 'https://flag.example.org/' });
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', db: ':memory:', baseUrl: 'https://flag.example.org' });
  });

  it('falls back to the environment for flags not given', () => {
    const config = loadConfig(env, { port: undefined, db: ':memory:' });
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', db: ':memory:', baseUrl: 'https://env.example.org' });
  });

  it('validates flag values and names the flag in the message', () => {
    const e = configError(env, { port: '99999' });
    expect(e.message).toContain('PORT (--port)="99999" must be between 1 and 65535');
  });

  it('accepts a valid flag even when the environment value it overrides is invalid', () => {
    expect(loadConfig({ PORT: 'nope' }, { port: '5000' }).port).toBe(5000);
  });
});

describe('loadConfig: invalid settings', () => {
  it('throws an AppError with code "config"', () => {
    const e = configError({ PORT: 'abc' });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('config');
    expect(e.message).toMatch(/^Invalid configuration:\n {2}- /);
  });

  it.each([
    ['abc', 'PORT (--port)="abc" must be a number'],
    ['3.5', 'PORT (--port)="3.5" must be a whole number'],
    ['0', 'PORT (--port)="0" must be between 1 and 65535'],
    ['-1', 'PORT (--port)="-1" must be between 1 and 65535'],
    ['65536', 'PORT (--port)="65536" must be between 1 and 65535'],
  ])('rejects PORT=%s with the message %j', (value, message) => {
    expect(configError({ PORT: value }).message).toContain(message);
  });

  it('rejects an unknown PAPERBOY_* variable, naming it and the known settings', () => {
    const e = configError({ PAPERBOY_PORT: '8080' });
    expect(e.message).toContain('PAPERBOY_PORT is not a setting Paperboy knows');
    expect(e.message).toContain('known: PORT, PAPERBOY_DB, PAPERBOY_BASE_URL, PAPERBOY_HOST, PAPERBOY_DEMO_DATA, PAPERBOY_LOG_LEVEL');
  });

  it('rejects an unknown PAPERBOY_* variable even when it is empty', () => {
    expect(configError({ PAPERBOY_TYPO: '' }).message).toContain('PAPERBOY_TYPO is not a setting');
  });

  it.each(['postgres://paperboy@localhost/paperboy', 'postgresql://localhost:5432/paperboy'])(
    'rejects the PostgreSQL URL %s with a message that says to use a SQLite path',
    (url) => {
      expect(configError({ PAPERBOY_DB: url }).message).toContain(
        `PAPERBOY_DB (--db)=${JSON.stringify(url)} PostgreSQL URLs are not supported yet: use a SQLite file path`,
      );
    },
  );

  it.each(['papers.example.org', 'ftp://papers.example.org', 'not a url'])('rejects the base URL %j', (url) => {
    expect(configError({ PAPERBOY_BASE_URL: url }).message).toContain(
      `PAPERBOY_BASE_URL (--base-url)=${JSON.stringify(url)} must be an absolute http(s) URL`,
    );
  });

  it('rejects demo-data and log-level values it does not know', () => {
    expect(configError({ PAPERBOY_DEMO_DATA: 'maybe' }).message).toContain('PAPERBOY_DEMO_DATA="maybe" must be true or false');
    expect(configError({ PAPERBOY_LOG_LEVEL: 'loud' }).message).toContain('PAPERBOY_LOG_LEVEL="loud" must be one of fatal, error, warn, info, debug, silent');
  });

  it('lists every problem at once, one per line', () => {
    const e = configError({ PORT: 'abc', PAPERBOY_DB: 'postgres://x/y', PAPERBOY_COLOR: 'red' });
    const lines = e.message.split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith('  - '))).toBe(true);
    expect(e.message).toContain('PAPERBOY_COLOR');
    expect(e.message).toContain('PORT (--port)="abc"');
    expect(e.message).toContain('PostgreSQL URLs are not supported yet');
  });
});

describe('loadConfig: edge cases found in review', () => {
  it('rejects hexadecimal ports instead of reading 0x1F90 as 8080', () => {
    expect(() => loadConfig({ PORT: '0x1F90' })).toThrow('must be a number');
  });
  it('an empty flag value falls back to the environment', () => {
    expect(loadConfig({ PORT: '4000' }, { port: '' }).port).toBe(4000);
  });
});

describe('loadConfig: embedder', () => {
  it('rejects an embedder spec it cannot read, naming the setting', () => {
    expect(() => loadConfig({ PAPERBOY_EMBEDDER: 'magic' })).toThrow(/PAPERBOY_EMBEDDER \(--embedder\)="magic"/);
  });
  it('a flag overrides the environment', () => {
    expect(loadConfig({ PAPERBOY_EMBEDDER: 'magic' }, { embedder: 'builtin' }).embedder).toEqual({ kind: 'builtin' });
  });
});

describe('loadConfig: mail', () => {
  it('reads SMTP_URL into plain connection settings, with the default port for each scheme', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://paperboy:s%40cret%3A1@mail.example.org:2525' }).smtp).toEqual({
      host: 'mail.example.org',
      port: 2525,
      secure: false,
      user: 'paperboy',
      pass: 's@cret:1',
      rejectUnauthorized: true,
      requireTLS: false,
    });
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example.org' }).smtp).toMatchObject({ port: 587, secure: false, user: null, pass: null });
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.org/' }).smtp).toMatchObject({ port: 465, secure: true });
    expect(loadConfig({ SMTP_URL: 'smtp://[::1]:25' }).smtp).toMatchObject({ host: '::1', port: 25 });
  });

  it('takes nodemailer option names after ?', () => {
    const smtp = loadConfig({
      SMTP_URL: 'smtps://127.0.0.1:4650/?tls.rejectUnauthorized=false&requireTLS=true&maxConnections=2&socketTimeout=500&connectionTimeout=100&greetingTimeout=200&pool=true',
    }).smtp;
    expect(smtp).toMatchObject({ rejectUnauthorized: false, requireTLS: true, maxConnections: 2, socketTimeoutMs: 500, connectionTimeoutMs: 100, greetingTimeoutMs: 200 });
  });

  it.each([
    ['http://mail.example.org', 'must start with smtp:// (STARTTLS when offered) or smtps:// (TLS from the start)'],
    ['mail.example.org:587', 'must start with smtp://'],
    ['not a url', 'must be a URL such as smtp://user:password@mail.example.org:587'],
    ['smtp://mail.example.org/inbox', 'must not have a path'],
    ['smtp://mail.example.org?tls_reject_unauthorized=false', 'has an unknown option "tls_reject_unauthorized" (known: tls.rejectUnauthorized, requireTLS'],
    ['smtp://mail.example.org?tls.rejectUnauthorized=no', 'option tls.rejectUnauthorized must be true or false'],
    ['smtp://mail.example.org?maxConnections=0', 'option maxConnections must be a whole number from 1 to 100'],
    ['smtp://mail.example.org?pool=false', 'always pools'],
    ['smtp://:secret@mail.example.org', 'has a password but no user'],
  ])('rejects SMTP_URL=%j: %s', (url, message) => {
    const e = configError({ SMTP_URL: url });
    expect(e.message).toContain('SMTP_URL=');
    expect(e.message).toContain(message);
  });

  it('never shows the SMTP password in an error', () => {
    const e = configError({ SMTP_URL: 'smtp://paperboy:hunter2@mail.example.org/x' });
    expect(e.message).toContain('SMTP_URL="smtp://paperboy:***@mail.example.org/x" must not have a path');
    expect(e.message).not.toContain('hunter2');
  });

  it('derives the From address from the base URL host, or takes PAPERBOY_MAIL_FROM', () => {
    expect(loadConfig({ PAPERBOY_BASE_URL: 'https://papers.example.org/pb' }).mailFrom).toBe('Paperboy <paperboy@papers.example.org>');
    expect(loadConfig({ PAPERBOY_BASE_URL: 'http://192.168.1.5:3000' }).mailFrom).toBe('Paperboy <paperboy@[192.168.1.5]>');
    expect(loadConfig({ PAPERBOY_MAIL_FROM: 'Lab Papers <papers@lab.example.org>' }).mailFrom).toBe('Lab Papers <papers@lab.example.org>');
    expect(loadConfig({ PAPERBOY_MAIL_FROM: '"Lab, Papers" <papers@lab.example.org>' }).mailFrom).toBe('"Lab, Papers" <papers@lab.example.org>');
    expect(loadConfig({ PAPERBOY_MAIL_FROM: 'papers@lab.example.org' }).mailFrom).toBe('papers@lab.example.org');
  });

  it.each(['Paperboy', 'Paperboy <paperboy>', 'a@b.org, c@d.org', '<>'])('rejects PAPERBOY_MAIL_FROM=%j', (from) => {
    expect(configError({ PAPERBOY_MAIL_FROM: from }).message).toContain(
      `PAPERBOY_MAIL_FROM=${JSON.stringify(from)} must be an address (paperboy@example.org) or a name and an address`,
    );
  });

  it('puts the outbox beside the database, under the temp folder for :memory:, or where PAPERBOY_OUTBOX says', () => {
    expect(loadConfig({ PAPERBOY_DB: '/srv/pb/papers.db' }).outbox).toBe('/srv/pb/outbox');
    expect(loadConfig({ PAPERBOY_DB: ':memory:' }).outbox).toBe(path.join(os.tmpdir(), 'paperboy-outbox'));
    expect(loadConfig({ PAPERBOY_OUTBOX: 'mail/out' }).outbox).toBe(path.resolve('mail/out'));
  });

  it('takes PAPERBOY_SECRET for signed links (null: the database keeps one), and never prints it back', () => {
    expect(loadConfig({}).secret).toBeNull();
    expect(loadConfig({ PAPERBOY_SECRET: 'x'.repeat(32) }).secret).toBe('x'.repeat(32));
    const e = configError({ PAPERBOY_SECRET: 'short-secret-value' });
    expect(e.message).toContain('PAPERBOY_SECRET="***" must be at least 32 characters');
    expect(e.message).not.toContain('short-secret-value');
  });
});

describe('loadConfig: digest sending', () => {
  it('reads the engine\'s knobs', () => {
    const c = loadConfig({
      PAPERBOY_DIGEST_SCHEDULE: 'false', PAPERBOY_DIGEST_CONCURRENCY: '8', PAPERBOY_DIGEST_BATCH_SIZE: '500', PAPERBOY_DIGEST_LEASE_SECONDS: '600',
      PAPERBOY_DIGEST_MAX_ATTEMPTS: '3', PAPERBOY_DIGEST_PAUSE_AFTER_BOUNCES: '2', PAPERBOY_DIGEST_RATE: '50',
    });
    expect(c.digestSending).toEqual({ inServe: false, concurrency: 8, batchSize: 500, leaseSeconds: 600, maxAttempts: 3, pauseAfterHardBounces: 2, ratePerSecond: 50 });
  });

  it('refuses values out of range, saying the range', () => {
    const e = configError({ PAPERBOY_DIGEST_CONCURRENCY: '0', PAPERBOY_DIGEST_BATCH_SIZE: 'lots', PAPERBOY_DIGEST_RATE: '-1' });
    expect(e.code).toBe('config');
    expect(e.message).toContain('PAPERBOY_DIGEST_CONCURRENCY="0" must be a whole number from 1 to 64');
    expect(e.message).toContain('PAPERBOY_DIGEST_BATCH_SIZE="lots" must be a whole number from 1 to 10000');
    expect(e.message).toContain('PAPERBOY_DIGEST_RATE="-1" must be a whole number from 0 to 10000');
  });

  it('refuses a lease shorter than twice the SMTP socket timeout (a claim must outlast the longest send)', () => {
    expect(configError({ PAPERBOY_DIGEST_LEASE_SECONDS: '100' }).message).toMatch(/PAPERBOY_DIGEST_LEASE_SECONDS=100 must be at least twice the SMTP socket timeout \(60 s\)/);
    expect(loadConfig({ PAPERBOY_DIGEST_LEASE_SECONDS: '100', SMTP_URL: 'smtp://127.0.0.1:25?socketTimeout=30000' }).digestSending.leaseSeconds).toBe(100);
  });
});
