/**
 * Configuration, read in one place: environment variables, overridden by CLI
 * flags. Invalid or unknown `PAPERBOY_*` values stop start-up with a message
 * that says what to fix.
 */
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './domain/errors.ts';
import { parseEmbedderSpec, type EmbedderSpec } from './search/embedder-spec.ts';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** SQLite file path (or `:memory:`) */
  readonly db: string;
  /** public URL used in absolute links, without trailing slash */
  readonly baseUrl: string;
  /** load the committed demo slice when the database has no papers */
  readonly demoData: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** semantic search: `builtin` (default), `onnx:DIR` or `http:URL#model=NAME` */
  readonly embedder: EmbedderSpec;
  /** bearer token for an http embedder */
  readonly embedderApiKey: string | null;
  /** where the harvesters go (tests point them at 127.0.0.1) */
  readonly sources: { readonly arxivApi: string; readonly arxivOai: string; readonly arxivRss: string; readonly arxivPdf: string };
  /** gap between requests to one source host; below 3000 only for sources on this machine (tests) */
  readonly requestIntervalMs: number;
  /** JSON file of sources that `serve` runs on a schedule (src/ingest/schedules.ts) */
  readonly sourcesFile: string | null;
  /** largest upstream response body read per request; a bigger one fails that source */
  readonly maxResponseBytes: number;
  /** memory the rendered-page cache may hold (bodies and their gzip copies) */
  readonly pageCacheBytes: number;
  /** uncached searches that may run at once (src/web/search-gate.ts); by default 1 with an embedder on this thread, 4 with one that is waited for */
  readonly searchConcurrency: number;
  /** multiplies every rate limit (domain/rate-limit.ts); 1 normally, more for load tests */
  readonly rateLimitScale: number;
  /** the SMTP server mail goes through (`SMTP_URL`); null: mail is written to `outbox` instead */
  readonly smtp: SmtpConfig | null;
  /** the From of every message (`PAPERBOY_MAIL_FROM`), `Name <address>` or an address */
  readonly mailFrom: string;
  /** the folder .eml files are written to when there is no SMTP server (`PAPERBOY_OUTBOX`) */
  readonly outbox: string;
  /** thumbnails `serve` fetches by itself: `off`, `upstream` (images sources name) or `all` (also page 1 of arXiv PDFs) */
  readonly thumbnails: ThumbnailsMode;
  /** the digest sending engine's knobs (`PAPERBOY_DIGEST_*`, src/digest/README.md) */
  readonly digestSending: DigestSendingConfig;
  /** the key signed links (digest settings, unsubscribe) are made with (`PAPERBOY_SECRET`); null: one made once and kept in the database */
  readonly secret: string | null;
}

/** How digests are sent: throughput and failure handling (listmonk-style documented settings). */
export interface DigestSendingConfig {
  /** `paperboy serve` sends due digests by itself (`PAPERBOY_DIGEST_SCHEDULE`, default true) */
  readonly inServe: boolean;
  /** messages in flight at once (`PAPERBOY_DIGEST_CONCURRENCY`, 1–64, default 5) */
  readonly concurrency: number;
  /** ledger rows claimed per write transaction (`PAPERBOY_DIGEST_BATCH_SIZE`, 1–10000, default 100) */
  readonly batchSize: number;
  /** how long a claim holds before another sender may take it over (`PAPERBOY_DIGEST_LEASE_SECONDS`, 30–86400, default 900) */
  readonly leaseSeconds: number;
  /** claims of one digest before it is given up (`PAPERBOY_DIGEST_MAX_ATTEMPTS`, 1–20, default 5) */
  readonly maxAttempts: number;
  /** hard bounces that pause a subscriber (`PAPERBOY_DIGEST_PAUSE_AFTER_BOUNCES`, 1–100, default 3) */
  readonly pauseAfterHardBounces: number;
  /** at most this many messages per second, 0 for no limit (`PAPERBOY_DIGEST_RATE`, 0–10000, default 0) */
  readonly ratePerSecond: number;
}

export type ThumbnailsMode = 'off' | 'upstream' | 'all';

/** `SMTP_URL` taken apart: the plain values src/mail's SmtpMailer is built from. */
export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** smtps://: TLS from the first byte; smtp://: STARTTLS when the server offers it */
  readonly secure: boolean;
  readonly user: string | null;
  readonly pass: string | null;
  /** `?tls.rejectUnauthorized=false` accepts a self-signed certificate (test servers only) */
  readonly rejectUnauthorized: boolean;
  /** `?requireTLS=true`: refuse to send unless STARTTLS succeeds */
  readonly requireTLS: boolean;
  /** `?maxConnections=N`; mail's default when absent */
  readonly maxConnections: number | undefined;
  /** `?connectionTimeout=`, `?greetingTimeout=`, `?socketTimeout=` in ms; mail's defaults when absent */
  readonly connectionTimeoutMs: number | undefined;
  readonly greetingTimeoutMs: number | undefined;
  readonly socketTimeoutMs: number | undefined;
}

const DIGEST_SENDING_VARS = ['PAPERBOY_DIGEST_SCHEDULE', 'PAPERBOY_DIGEST_CONCURRENCY', 'PAPERBOY_DIGEST_BATCH_SIZE', 'PAPERBOY_DIGEST_LEASE_SECONDS', 'PAPERBOY_DIGEST_MAX_ATTEMPTS', 'PAPERBOY_DIGEST_PAUSE_AFTER_BOUNCES', 'PAPERBOY_DIGEST_RATE'] as const;

const KNOWN_PAPERBOY_VARS = ['PAPERBOY_DB', 'PAPERBOY_BASE_URL', 'PAPERBOY_HOST', 'PAPERBOY_DEMO_DATA', 'PAPERBOY_LOG_LEVEL', 'PAPERBOY_EMBEDDER', 'PAPERBOY_EMBEDDER_API_KEY', 'PAPERBOY_REQUEST_INTERVAL_MS', 'PAPERBOY_SOURCES', 'PAPERBOY_MAX_RESPONSE_MB', 'PAPERBOY_PAGE_CACHE_MB', 'PAPERBOY_SEARCH_CONCURRENCY', 'PAPERBOY_RATE_LIMIT_SCALE', 'PAPERBOY_MAIL_FROM', 'PAPERBOY_OUTBOX', 'PAPERBOY_THUMBNAILS', 'PAPERBOY_SECRET', ...DIGEST_SENDING_VARS];

const portSchema = z
  .string()
  .regex(/^-?\d*\.?\d+$/, { error: 'must be a number', abort: true })
  .regex(/^-?\d+$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number()
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535'));

const dbSchema = z
  .string()
  .min(1, 'must not be empty')
  .refine((v) => !/^postgres(ql)?:\/\//.test(v), 'PostgreSQL URLs are not supported yet: use a SQLite file path');

const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL such as https://papers.example.org' })
  .transform((v) => v.replace(/\/+$/, ''));

const boolSchema = z.enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: 'must be true or false' }).transform((v) => ['1', 'true', 'yes'].includes(v));

/** A whole number of megabytes within [min, max]. */
function megabytes(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number of megabytes')
    .transform(Number)
    .pipe(z.number().min(min, `must be from ${min} to ${max} (megabytes)`).max(max, `must be from ${min} to ${max} (megabytes)`));
}

/** The options SMTP_URL takes after `?`: nodemailer's own option names, so its docs apply. */
const SMTP_URL_OPTIONS = ['tls.rejectUnauthorized', 'requireTLS', 'maxConnections', 'connectionTimeout', 'greetingTimeout', 'socketTimeout', 'pool'];

const smtpUrlSchema = z.string().transform((v, ctx): SmtpConfig => {
  const fail = (message: string): never => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER as never;
  };
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return fail('must be a URL such as smtp://user:password@mail.example.org:587 or smtps://mail.example.org');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return fail('must start with smtp:// (STARTTLS when offered) or smtps:// (TLS from the start)');
  }
  if (!url.hostname) return fail('must name the server: smtp://mail.example.org');
  if (url.pathname !== '' && url.pathname !== '/') return fail('must not have a path after the server');
  const secure = url.protocol === 'smtps:';
  const options = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (!SMTP_URL_OPTIONS.includes(key)) return fail(`has an unknown option "${key}" (known: ${SMTP_URL_OPTIONS.join(', ')})`);
    options.set(key, value);
  }
  const flag = (key: string, fallback: boolean): boolean => {
    const raw = options.get(key);
    if (raw === undefined) return fallback;
    if (raw !== 'true' && raw !== 'false') return fail(`option ${key} must be true or false`);
    return raw === 'true';
  };
  const whole = (key: string, min: number, max: number): number | undefined => {
    const raw = options.get(key);
    if (raw === undefined) return undefined;
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) return fail(`option ${key} must be a whole number from ${min} to ${max}`);
    return Number(raw);
  };
  if (options.has('pool') && options.get('pool') !== 'true') return fail('option pool: Paperboy always pools SMTP connections (leave pool out)');
  let user: string | null = null;
  let pass: string | null = null;
  try {
    user = url.username ? decodeURIComponent(url.username) : null;
    pass = url.password ? decodeURIComponent(url.password) : null;
  } catch {
    return fail('has a user or password that is not properly %-encoded');
  }
  if (pass !== null && user === null) return fail('has a password but no user: smtp://user:password@host');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    user,
    pass,
    rejectUnauthorized: flag('tls.rejectUnauthorized', true),
    requireTLS: flag('requireTLS', false),
    maxConnections: whole('maxConnections', 1, 100),
    connectionTimeoutMs: whole('connectionTimeout', 1, 3_600_000),
    greetingTimeoutMs: whole('greetingTimeout', 1, 3_600_000),
    socketTimeoutMs: whole('socketTimeout', 1, 3_600_000),
  };
});

/** A whole number within [min, max]. */
function wholeNumber(min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}`;
  return z.string().regex(/^\d{1,6}$/, range).transform(Number).pipe(z.number().min(min, range).max(max, range));
}

const mailFromSchema = z
  .string()
  .regex(
    /^(?:(?:"[^"\r\n]*"|[^"<>@\r\n]*)\s*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>"]+@[^\s@<>"]+)$/,
    'must be an address (paperboy@example.org) or a name and an address (Paperboy <paperboy@example.org>)',
  );

const schema = z.object({
  PORT: portSchema.default(3000),
  PAPERBOY_HOST: z.string().min(1).default('0.0.0.0'),
  PAPERBOY_DB: dbSchema.default('./data/paperboy.db'),
  PAPERBOY_BASE_URL: baseUrlSchema.optional(),
  PAPERBOY_DEMO_DATA: boolSchema.default(true),
  PAPERBOY_EMBEDDER: z
    .string()
    .default('builtin')
    .transform((v, ctx) => {
      try {
        return parseEmbedderSpec(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  PAPERBOY_EMBEDDER_API_KEY: z.string().optional(),
  PAPERBOY_REQUEST_INTERVAL_MS: z
    .string()
    .regex(/^\d{1,7}$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .default(3000),
  PAPERBOY_SOURCES: z.string().min(1).optional(),
  PAPERBOY_MAX_RESPONSE_MB: megabytes(1, 4096).default(200),
  PAPERBOY_PAGE_CACHE_MB: megabytes(0, 65536).default(64),
  PAPERBOY_SEARCH_CONCURRENCY: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number from 1 to 64')
    .transform(Number)
    .pipe(z.number().min(1, 'must be a whole number from 1 to 64').max(64, 'must be a whole number from 1 to 64'))
    .optional(),
  PAPERBOY_RATE_LIMIT_SCALE: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 1000')
    .transform(Number)
    .pipe(z.number().min(1, 'must be a whole number from 1 to 1000').max(1000, 'must be a whole number from 1 to 1000'))
    .default(1),
  PAPERBOY_THUMBNAILS: z.enum(['off', 'upstream', 'all'], { error: 'must be off, upstream or all' }).default('all'),
  ARXIV_PDF_URL: baseUrlSchema.default('https://arxiv.org/pdf'),
  ARXIV_API_URL: baseUrlSchema.default('https://export.arxiv.org/api/query'),
  ARXIV_OAI_URL: baseUrlSchema.default('https://oaipmh.arxiv.org/oai'),
  ARXIV_RSS_URL: baseUrlSchema.default('https://rss.arxiv.org/rss'),
  SMTP_URL: smtpUrlSchema.optional(),
  PAPERBOY_MAIL_FROM: mailFromSchema.optional(),
  PAPERBOY_OUTBOX: z.string().min(1).optional(),
  PAPERBOY_DIGEST_SCHEDULE: boolSchema.default(true),
  PAPERBOY_DIGEST_CONCURRENCY: wholeNumber(1, 64).default(5),
  PAPERBOY_DIGEST_BATCH_SIZE: wholeNumber(1, 10_000).default(100),
  PAPERBOY_DIGEST_LEASE_SECONDS: wholeNumber(30, 86_400).default(900),
  PAPERBOY_DIGEST_MAX_ATTEMPTS: wholeNumber(1, 20).default(5),
  PAPERBOY_DIGEST_PAUSE_AFTER_BOUNCES: wholeNumber(1, 100).default(3),
  PAPERBOY_DIGEST_RATE: wholeNumber(0, 10_000).default(0),
  PAPERBOY_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)').optional(),
  PAPERBOY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, silent' }).default('info'),
});

export interface ConfigOverrides {
  port?: string | undefined;
  host?: string | undefined;
  db?: string | undefined;
  baseUrl?: string | undefined;
  embedder?: string | undefined;
}

/**
 * Builds the configuration from `env` and flag overrides. Throws an AppError
 * with code `config` that lists every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const unknown = Object.keys(env).filter((k) => k.startsWith('PAPERBOY_') && !KNOWN_PAPERBOY_VARS.includes(k));
  const input: Record<string, string | undefined> = {
    PORT: emptyToUndefined(overrides.port) ?? emptyToUndefined(env.PORT),
    PAPERBOY_HOST: emptyToUndefined(overrides.host) ?? emptyToUndefined(env.PAPERBOY_HOST),
    PAPERBOY_DB: emptyToUndefined(overrides.db) ?? emptyToUndefined(env.PAPERBOY_DB),
    PAPERBOY_BASE_URL: emptyToUndefined(overrides.baseUrl) ?? emptyToUndefined(env.PAPERBOY_BASE_URL),
    PAPERBOY_DEMO_DATA: emptyToUndefined(env.PAPERBOY_DEMO_DATA)?.toLowerCase(),
    PAPERBOY_LOG_LEVEL: emptyToUndefined(env.PAPERBOY_LOG_LEVEL)?.toLowerCase(),
    PAPERBOY_EMBEDDER: emptyToUndefined(overrides.embedder) ?? emptyToUndefined(env.PAPERBOY_EMBEDDER),
    PAPERBOY_EMBEDDER_API_KEY: emptyToUndefined(env.PAPERBOY_EMBEDDER_API_KEY),
    PAPERBOY_REQUEST_INTERVAL_MS: emptyToUndefined(env.PAPERBOY_REQUEST_INTERVAL_MS),
    PAPERBOY_SOURCES: emptyToUndefined(env.PAPERBOY_SOURCES),
    PAPERBOY_MAX_RESPONSE_MB: emptyToUndefined(env.PAPERBOY_MAX_RESPONSE_MB),
    PAPERBOY_PAGE_CACHE_MB: emptyToUndefined(env.PAPERBOY_PAGE_CACHE_MB),
    PAPERBOY_SEARCH_CONCURRENCY: emptyToUndefined(env.PAPERBOY_SEARCH_CONCURRENCY),
    PAPERBOY_RATE_LIMIT_SCALE: emptyToUndefined(env.PAPERBOY_RATE_LIMIT_SCALE),
    PAPERBOY_THUMBNAILS: emptyToUndefined(env.PAPERBOY_THUMBNAILS)?.toLowerCase(),
    ARXIV_PDF_URL: emptyToUndefined(env.ARXIV_PDF_URL),
    ARXIV_API_URL: emptyToUndefined(env.ARXIV_API_URL),
    ARXIV_OAI_URL: emptyToUndefined(env.ARXIV_OAI_URL),
    ARXIV_RSS_URL: emptyToUndefined(env.ARXIV_RSS_URL),
    SMTP_URL: emptyToUndefined(env.SMTP_URL),
    PAPERBOY_MAIL_FROM: emptyToUndefined(env.PAPERBOY_MAIL_FROM),
    PAPERBOY_OUTBOX: emptyToUndefined(env.PAPERBOY_OUTBOX),
    ...Object.fromEntries(DIGEST_SENDING_VARS.map((k) => [k, emptyToUndefined(env[k])?.toLowerCase()])),
    PAPERBOY_SECRET: emptyToUndefined(env.PAPERBOY_SECRET),
  };
  const parsed = schema.safeParse(input);
  const problems: string[] = unknown.map(
    (k) => `${k} is not a setting Paperboy knows (known: PORT, ${KNOWN_PAPERBOY_VARS.join(', ')})`,
  );
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      problems.push(`${describe(key)}=${JSON.stringify(withoutPassword(key, input[key] ?? ''))} ${issue.message}`);
    }
  }
  if (parsed.success) {
    // a claim must outlast the longest wait for one send, or a second sender could take it over mid-send
    const socketTimeoutMs = parsed.data.SMTP_URL?.socketTimeoutMs ?? 60_000;
    if (parsed.data.PAPERBOY_DIGEST_LEASE_SECONDS * 1000 < 2 * socketTimeoutMs) {
      problems.push(`PAPERBOY_DIGEST_LEASE_SECONDS=${parsed.data.PAPERBOY_DIGEST_LEASE_SECONDS} must be at least twice the SMTP socket timeout (${socketTimeoutMs / 1000} s): a claim must outlast the longest send`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError('config', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const v = parsed.data;
  const db = v.PAPERBOY_DB === ':memory:' ? v.PAPERBOY_DB : path.resolve(v.PAPERBOY_DB);
  const baseUrl = v.PAPERBOY_BASE_URL ?? `http://localhost:${v.PORT}`;
  return {
    port: v.PORT,
    host: v.PAPERBOY_HOST,
    db,
    baseUrl,
    demoData: v.PAPERBOY_DEMO_DATA,
    logLevel: v.PAPERBOY_LOG_LEVEL,
    embedder: v.PAPERBOY_EMBEDDER,
    embedderApiKey: v.PAPERBOY_EMBEDDER_API_KEY ?? null,
    sources: { arxivApi: v.ARXIV_API_URL, arxivOai: v.ARXIV_OAI_URL, arxivRss: v.ARXIV_RSS_URL, arxivPdf: v.ARXIV_PDF_URL },
    requestIntervalMs: v.PAPERBOY_REQUEST_INTERVAL_MS,
    sourcesFile: v.PAPERBOY_SOURCES ? path.resolve(v.PAPERBOY_SOURCES) : null,
    maxResponseBytes: v.PAPERBOY_MAX_RESPONSE_MB * 1024 * 1024,
    pageCacheBytes: v.PAPERBOY_PAGE_CACHE_MB * 1024 * 1024,
    // The built-in embedder computes on the server's one thread: a second search at once only
    // interleaves with the first (bench/event-loop.ts: /healthz p50 3 ms under load with 1, 9 ms with 2).
    // An ONNX or HTTP embedder is waited for, and other searches can use that wait.
    searchConcurrency: v.PAPERBOY_SEARCH_CONCURRENCY ?? (v.PAPERBOY_EMBEDDER.kind === 'onnx' || v.PAPERBOY_EMBEDDER.kind === 'http' ? 4 : 1),
    rateLimitScale: v.PAPERBOY_RATE_LIMIT_SCALE,
    smtp: v.SMTP_URL ?? null,
    mailFrom: v.PAPERBOY_MAIL_FROM ?? `Paperboy <paperboy@${mailDomain(baseUrl)}>`,
    // Beside the database, so an instance's data stays in one place; an in-memory database
    // (tests, trials) has no place, so a fixed folder under the system's temp folder.
    outbox: v.PAPERBOY_OUTBOX
      ? path.resolve(v.PAPERBOY_OUTBOX)
      : db === ':memory:' ? path.join(os.tmpdir(), 'paperboy-outbox') : path.join(path.dirname(db), 'outbox'),
    thumbnails: v.PAPERBOY_THUMBNAILS,
    digestSending: {
      inServe: v.PAPERBOY_DIGEST_SCHEDULE,
      concurrency: v.PAPERBOY_DIGEST_CONCURRENCY,
      batchSize: v.PAPERBOY_DIGEST_BATCH_SIZE,
      leaseSeconds: v.PAPERBOY_DIGEST_LEASE_SECONDS,
      maxAttempts: v.PAPERBOY_DIGEST_MAX_ATTEMPTS,
      pauseAfterHardBounces: v.PAPERBOY_DIGEST_PAUSE_AFTER_BOUNCES,
      ratePerSecond: v.PAPERBOY_DIGEST_RATE,
    },
    secret: v.PAPERBOY_SECRET ?? null,
  };
}

/** The base URL's host as the domain of an address: an IP address goes in brackets. */
function mailDomain(baseUrl: string): string {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  const ip = isIP(host);
  return ip === 4 ? `[${host}]` : ip === 6 ? `[IPv6:${host}]` : host;
}

/** SMTP_URL as shown in an error: the password replaced by `***`. */
function withoutPassword(key: string, value: string): string {
  if (key === 'PAPERBOY_SECRET') return '***';
  if (key !== 'SMTP_URL') return value;
  return value.replace(/^([a-z]+:\/\/[^:@/]*:)[^/?#]*@/i, '$1***@');
}

function describe(key: string): string {
  const flags: Record<string, string> = { PORT: 'PORT (--port)', PAPERBOY_DB: 'PAPERBOY_DB (--db)', PAPERBOY_BASE_URL: 'PAPERBOY_BASE_URL (--base-url)', PAPERBOY_HOST: 'PAPERBOY_HOST (--host)', PAPERBOY_EMBEDDER: 'PAPERBOY_EMBEDDER (--embedder)' };
  return flags[key] ?? key;
}

function emptyToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
