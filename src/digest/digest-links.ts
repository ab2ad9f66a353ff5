/**
 * The signed links in digests and subscription mail (domain/signed-token.ts
 * signs them). One purpose per link, so a token is good for one thing only:
 *
 * | purpose | link | expires |
 * |---|---|---|
 * | `confirm` | `/subscribe/confirm?token=` (double opt-in) | after CONFIRM_DAYS |
 * | `manage` | `/digest/settings?token=` (settings without a password) | never |
 * | `unsubscribe` | `/digest/unsubscribe?token=` (RFC 8058 one-click, and a page with a button) | never |
 * | `view:PERIOD` | `/digest/view?period=PERIOD&token=` (the web version of one digest) | never |
 *
 * Links in mail already delivered must keep working (an unsubscribe link above
 * all), so only the confirmation expires; a leaked settings link is revoked by
 * changing the secret (PAPERBOY_SECRET), which revokes every link at once.
 */
import { signToken, verifyToken, type TokenCheck } from '../domain/signed-token.ts';

export const CONFIRM_DAYS = 7;

export type LinkPurpose = 'confirm' | 'manage' | 'unsubscribe' | `view:${string}`;

export class DigestLinks {
  constructor(
    readonly baseUrl: string,
    private readonly secret: string,
    /** the address List-Unsubscribe's mailto: names (the From address) */
    readonly mailbox: string,
  ) {}

  token(purpose: LinkPurpose, id: number, expires = 0): string {
    return signToken(this.secret, purpose, { id, expires });
  }

  check(purpose: LinkPurpose, token: string, nowMs: number): TokenCheck {
    return verifyToken(this.secret, purpose, token, nowMs);
  }

  confirmUrl(id: number, now: Date): string {
    const expires = Math.floor(now.getTime() / 1000) + CONFIRM_DAYS * 86_400;
    return `${this.baseUrl}/subscribe/confirm?token=${this.token('confirm', id, expires)}`;
  }

  manageUrl(id: number): string {
    return `${this.baseUrl}/digest/settings?token=${this.token('manage', id)}`;
  }

  unsubscribeUrl(id: number): string {
    return `${this.baseUrl}/digest/unsubscribe?token=${this.token('unsubscribe', id)}`;
  }

  viewUrl(id: number, period: string): string {
    return `${this.baseUrl}/digest/view?period=${encodeURIComponent(period)}&token=${this.token(`view:${period}`, id)}`;
  }

  /** `mailto:` for List-Unsubscribe: a message to the sender whose subject carries the unsubscribe token. */
  unsubscribeMailto(id: number): string {
    return `mailto:${this.mailbox}?subject=${encodeURIComponent(`unsubscribe ${this.token('unsubscribe', id)}`)}`;
  }

  /** The headers bulk senders must carry (RFC 2369, RFC 8058): one-click https first, mailto second. */
  unsubscribeHeaders(id: number): Record<string, string> {
    return {
      'List-Unsubscribe': `<${this.unsubscribeUrl(id)}>, <${this.unsubscribeMailto(id)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }

  paperUrl(id: string): string {
    return `${this.baseUrl}/papers/${id.split('/').map((part) => encodeURIComponent(part).replace(/%3A/gi, ':')).join('/')}`;
  }
}

/** The bare address of a From header (`Paperboy <paperboy@x.org>` → `paperboy@x.org`). */
export function addressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}
