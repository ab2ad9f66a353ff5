/**
 * The two mails a subscription request can send: the confirmation (double
 * opt-in: the only mail a pending address ever gets) and, for an address that
 * is already subscribed, a note with the settings link (the web answer is the
 * same either way, so nobody learns who is subscribed).
 */
import type { OutgoingMessage } from '../mail/mailer.ts';

const escape = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(paragraphs: string, button: { href: string; label: string }, after: string): string {
  return `<!DOCTYPE html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1c1d1f;max-width:560px;margin:0 auto;padding:24px">
<p style="font-size:13px;font-weight:700;color:#d9480f;letter-spacing:0.02em">PAPERBOY</p>
${paragraphs}
<p><a href="${escape(button.href)}" style="display:inline-block;background:#d9480f;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:600">${escape(button.label)}</a></p>
<p style="color:#65676b;font-size:14px">Or paste this address into your browser:<br><span style="word-break:break-all">${escape(button.href)}</span></p>
<p style="color:#65676b;font-size:14px">${after}</p>
</body></html>`;
}

export function confirmSubscriptionMail(input: { to: string; link: string; days: number; baseUrl: string }): OutgoingMessage {
  const site = new URL(input.baseUrl).host;
  const text = [
    'Hello,',
    '',
    `Someone (hopefully you) asked for Paperboy's paper digest at this address on ${site}.`,
    'Confirm with this link and the digests start:',
    '',
    input.link,
    '',
    `The link works for ${input.days} days. If you did not ask, ignore this email: without confirmation nothing else is ever sent to you.`,
    '',
    `— Paperboy, ${input.baseUrl}`,
  ].join('\n');
  const html = page(
    `<p>Someone (hopefully you) asked for Paperboy's paper digest at this address on ${escape(site)}. Confirm and the digests start:</p>`,
    { href: input.link, label: 'Confirm my subscription' },
    `The link works for ${input.days} days. If you did not ask, ignore this email: without confirmation nothing else is ever sent to you.`,
  );
  return { to: input.to, subject: 'Confirm your Paperboy digest subscription', text, html };
}

export function alreadySubscribedMail(input: { to: string; manageLink: string; baseUrl: string }): OutgoingMessage {
  const site = new URL(input.baseUrl).host;
  const text = [
    'Hello,',
    '',
    `Someone asked to subscribe this address to Paperboy's digest on ${site}, but it is already subscribed: nothing changed.`,
    'To change what you get, or to unsubscribe, open your settings:',
    '',
    input.manageLink,
    '',
    `— Paperboy, ${input.baseUrl}`,
  ].join('\n');
  const html = page(
    `<p>Someone asked to subscribe this address to Paperboy's digest on ${escape(site)}, but it is already subscribed: nothing changed.</p>`,
    { href: input.manageLink, label: 'Manage my digest' },
    'Change what you get, or unsubscribe, on that page.',
  );
  return { to: input.to, subject: 'You are already subscribed to Paperboy', text, html };
}
