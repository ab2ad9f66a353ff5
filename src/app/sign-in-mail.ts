/** The sign-in email: a link, what it does, how long it lasts, and what to do if you did not ask. */
import type { OutgoingMessage } from '../mail/mailer.ts';

export interface SignInMailInput {
  readonly to: string;
  readonly link: string;
  readonly isNew: boolean;
  readonly minutes: number;
  readonly baseUrl: string;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function signInMail({ to, link, isNew, minutes, baseUrl }: SignInMailInput): OutgoingMessage {
  const site = new URL(baseUrl).host;
  const action = isNew ? 'create your Paperboy account and sign in' : 'sign in to Paperboy';
  const text = [
    `Hello,`,
    ``,
    `Open this link to ${action} on ${site}:`,
    ``,
    link,
    ``,
    `The link works once and for ${minutes} minutes.`,
    `If you did not ask for it, ignore this email: nothing happens without the link.`,
    ``,
    `— Paperboy, ${baseUrl}`,
  ].join('\n');
  const html = `<!DOCTYPE html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1b1f24;max-width:560px;margin:0 auto;padding:24px">
<p style="font-size:18px;font-weight:600">Paperboy</p>
<p>Open this link to ${escape(action)} on ${escape(site)}:</p>
<p><a href="${escape(link)}" style="display:inline-block;background:#2456d6;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:600">${isNew ? 'Create account and sign in' : 'Sign in'}</a></p>
<p style="color:#57606a;font-size:14px">Or paste this address into your browser:<br><span style="word-break:break-all">${escape(link)}</span></p>
<p style="color:#57606a;font-size:14px">The link works once and for ${minutes} minutes. If you did not ask for it, ignore this email: nothing happens without the link.</p>
</body></html>`;
  return { to, subject: isNew ? 'Your link to join Paperboy' : 'Your Paperboy sign-in link', text, html };
}
