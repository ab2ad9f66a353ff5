/**
 * The embedded default: each message becomes an RFC 5322 .eml file (built by nodemailer's
 * MailComposer, so it is the same MIME an SMTP server would get) in the outbox folder. A file
 * appears whole or not at all (written beside, synced, then renamed), names sort by time and
 * never collide, so a person or a script can read the folder while Paperboy writes to it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { compose, type SenderIdentity } from './compose.ts';
import { MailSendError } from './mail-send-error.ts';
import type { Mailer, OutgoingMessage, SentMessage } from './mailer.ts';

export class OutboxMailer implements Mailer {
  readonly description: string;
  readonly folder: string;
  private readonly identity: SenderIdentity;
  private lastMs = 0;
  private sequence = 0;

  constructor(folder: string, identity: SenderIdentity) {
    this.folder = path.resolve(folder);
    this.identity = identity;
    this.description = `the outbox folder ${this.folder} (each message is written there as an .eml file; nothing is sent)`;
  }

  async send(message: OutgoingMessage): Promise<SentMessage> {
    const now = new Date();
    const { messageId, options } = compose(message, this.identity, now);
    const raw = await new MailComposer(options).compile().build();
    const name = this.nextName(now);
    const file = path.join(this.folder, name);
    const temp = path.join(this.folder, `.${name}.tmp`);
    await this.ensureFolder();
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(raw);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw this.failure(e);
    }
    return { messageId, via: 'outbox', file };
  }

  async verify(): Promise<void> {
    await this.ensureFolder();
    const probe = path.join(this.folder, `.verify-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      await (await open(probe, 'wx', 0o600)).close();
      await rm(probe, { force: true });
    } catch (e) {
      throw this.failure(e);
    }
  }

  async close(): Promise<void> {}

  /**
   * `20261126T021503123Z-<pid>-<seq>-<random>.eml`: the UTC time to the millisecond first (never
   * going backwards within a process), so names sort by time; pid, sequence and random bytes
   * keep two processes, or two messages in one millisecond, apart.
   */
  private nextName(now: Date): string {
    const ms = Math.max(now.getTime(), this.lastMs);
    this.lastMs = ms;
    this.sequence += 1;
    const stamp = new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
    return `${stamp}-${process.pid}-${String(this.sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}.eml`;
  }

  private async ensureFolder(): Promise<void> {
    try {
      await mkdir(this.folder, { recursive: true });
    } catch (e) {
      throw this.failure(e);
    }
  }

  private failure(e: unknown): MailSendError {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const why: Record<string, string> = {
      ENOTDIR: 'a file is in the way where a folder should be',
      EEXIST: 'a file is in the way where a folder should be',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOSPC: 'the disk is full',
    };
    const reason = why[code] ?? (e as Error).message;
    return new MailSendError(
      `cannot write to the outbox folder ${this.folder}: ${reason} (set PAPERBOY_OUTBOX to a folder Paperboy can write, or SMTP_URL to send mail)`,
      { stage: 'outbox', cause: e },
    );
  }
}
