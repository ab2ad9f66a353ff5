/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 for mail tests: a random free
 * port, no auth unless asked, optional TLS (implicit or STARTTLS) with a self-signed
 * certificate made at start by `openssl`. It keeps every message that reached the end of DATA
 * (raw source, envelope, parsed by mailparser) and lets a test inject faults: refuse a
 * recipient or the message with a given code, delay the final reply, or drop the connection
 * before it.
 *
 *   const smtp = await startSmtpServer();
 *   const mailer = new SmtpMailer(smtp.settings, identity);
 *   smtp.inject({ kind: 'reject-recipient', code: 550 }, { to: 'gone@example.org', times: 1 });
 *   const [msg] = await smtp.waitForMessages(1);
 *   await smtp.stop();
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

export type SmtpFault =
  /** answer RCPT TO with this code (4xx temporary, 5xx permanent) */
  | { readonly kind: 'reject-recipient'; readonly code: number; readonly message?: string }
  /** take the whole message, then answer the end of DATA with this code */
  | { readonly kind: 'reject-data'; readonly code: number; readonly message?: string }
  /** take the whole message, then wait this long before the final 250 */
  | { readonly kind: 'delay-final-reply'; readonly ms: number }
  /** take the whole message, then close the connection instead of the final 250 */
  | { readonly kind: 'drop-before-final-reply' };

export interface FaultScope {
  /** only for messages to this recipient (case-insensitive); all messages when absent */
  readonly to?: string;
  /** apply this many times, then stop; forever (until clearFaults) when absent */
  readonly times?: number;
}

export interface ReceivedMessage {
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** the session was on TLS (implicit or after STARTTLS) */
  readonly secure: boolean;
  /** who signed in, when someone did */
  readonly user: string | undefined;
  /** the connection it came on (1, 2, ... in order of connecting) */
  readonly connection: number;
  /**
   * The final 250 was written to a still-open connection. False for a dropped message, or a
   * delayed one whose client hung up during the delay: the server has the message (a real
   * one would deliver it) but the client cannot know, the window where a resend duplicates.
   */
  acknowledged: boolean;
}

export interface SmtpServerOptions {
  /** require this user and password (AUTH PLAIN/LOGIN); no auth at all when absent */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** `implicit`: TLS from the first byte (smtps://); `starttls`: offer STARTTLS; absent: plain */
  readonly tls?: 'implicit' | 'starttls';
}

export interface SmtpTestServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `smtp://127.0.0.1:PORT` or `smtps://...`, with the user in it when auth is on */
  readonly url: string;
  /** plain settings for `new SmtpMailer(...)` (self-signed certificate accepted) */
  readonly settings: {
    host: string; port: number; secure: boolean; user: string | null; pass: string | null; rejectUnauthorized: boolean;
  };
  /** every message that reached the end of DATA and was not refused, in order */
  readonly messages: ReceivedMessage[];
  /** connections opened so far */
  readonly connections: () => number;
  /** failed sign-ins so far */
  readonly authFailures: () => number;
  waitForMessages(n: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  inject(fault: SmtpFault, scope?: FaultScope): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

interface ActiveFault { fault: SmtpFault; to: string | undefined; left: number }

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMessage[] = [];
  const faults: ActiveFault[] = [];
  const waiters = new Set<() => void>();
  const connectionNumbers = new Map<string, number>();
  let connectionCount = 0;
  let authFailures = 0;
  const certDir = options.tls ? mkdtempSync(path.join(os.tmpdir(), 'paperboy-smtp-cert-')) : undefined;

  /** The first active fault of one of `kinds` that applies to these recipients; uses it up once. */
  function take(kinds: SmtpFault['kind'][], recipients: string[]): SmtpFault | undefined {
    const found = faults.find(
      (f) => f.left > 0 && kinds.includes(f.fault.kind) && (f.to === undefined || recipients.some((r) => r.toLowerCase() === f.to)),
    );
    if (!found) return undefined;
    found.left -= 1;
    return found.fault;
  }

  function smtpError(code: number, message: string | undefined): Error {
    return Object.assign(new Error(message ?? (code >= 500 ? 'Refused by the test server' : 'Try again later (test server)')), { responseCode: code });
  }

  const serverOptions: SMTPServerOptions = {
    logger: false,
    banner: 'paperboy test SMTP server',
    closeTimeout: 200,
    size: 10 * 1024 * 1024,
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(options.tls === 'starttls' ? [] : ['STARTTLS'])],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onConnect(session, callback) {
      connectionCount += 1;
      connectionNumbers.set(session.id, connectionCount);
      callback();
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
        return;
      }
      authFailures += 1;
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, session, callback) {
      const fault = take(['reject-recipient'], [address.address]);
      if (fault?.kind === 'reject-recipient') callback(smtpError(fault.code, fault.message));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void finishData(Buffer.concat(chunks), session, callback).catch((e: unknown) => callback(e as Error));
      });
    },
  };
  if (certDir) {
    const { key, cert } = selfSignedCertificate(certDir);
    Object.assign(serverOptions, { key, cert, secure: options.tls === 'implicit' });
  }
  const server = new SMTPServer(serverOptions);

  async function finishData(raw: Buffer, session: SMTPServerSession, callback: (err?: Error | null) => void): Promise<void> {
    const to = session.envelope.rcptTo.map((a) => a.address);
    const fault = take(['reject-data', 'delay-final-reply', 'drop-before-final-reply'], to);
    if (fault?.kind === 'reject-data') {
      callback(smtpError(fault.code, fault.message));
      return;
    }
    const mailFrom = session.envelope.mailFrom;
    const received: ReceivedMessage = {
      raw,
      parsed: await simpleParser(raw),
      envelope: { from: mailFrom ? mailFrom.address : '', to },
      secure: session.secure,
      user: typeof session.user === 'string' ? session.user : undefined,
      connection: connectionNumbers.get(session.id) ?? 0,
      acknowledged: false,
    };
    messages.push(received);
    const socket = socketOf(session);
    if (fault?.kind === 'drop-before-final-reply') {
      socket?.destroy();
      notify();
      return;
    }
    if (fault?.kind === 'delay-final-reply') await new Promise((r) => setTimeout(r, fault.ms));
    received.acknowledged = socket !== undefined && !socket.destroyed;
    callback();
    notify();
  }

  function socketOf(session: SMTPServerSession): import('node:net').Socket | undefined {
    for (const c of server.connections) if (c.id === session.id) return c._socket;
    return undefined;
  }

  function notify(): void {
    for (const w of [...waiters]) w();
  }

  server.on('error', () => undefined); // a client hanging up mid-command is not a test failure
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as import('node:net').AddressInfo).port;
  const secure = options.tls === 'implicit';
  const userPart = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  const query = options.tls ? '?tls.rejectUnauthorized=false' : '';

  return {
    host: '127.0.0.1',
    port,
    url: `${secure ? 'smtps' : 'smtp'}://${userPart}127.0.0.1:${port}${query}`,
    settings: {
      host: '127.0.0.1',
      port,
      secure,
      user: options.auth?.user ?? null,
      pass: options.auth?.pass ?? null,
      rejectUnauthorized: false,
    },
    messages,
    connections: () => connectionCount,
    authFailures: () => authFailures,
    waitForMessages(n, timeoutMs = 5000) {
      if (messages.length >= n) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (messages.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${n} message(s) within ${timeoutMs} ms, the SMTP server received ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    inject(fault, scope = {}) {
      faults.push({ fault, to: scope.to?.toLowerCase(), left: scope.times ?? Infinity });
    },
    clearFaults() {
      faults.length = 0;
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of server.connections) c._socket.destroy();
      });
      if (certDir) rmSync(certDir, { recursive: true, force: true });
    },
  };
}

/** A throwaway key and certificate for 127.0.0.1 / localhost, valid for a day (openssl, ~50 ms). */
function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-days', '1',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
}
