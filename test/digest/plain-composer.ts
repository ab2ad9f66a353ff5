/**
 * A small real composer for the engine's tests (the MJML one is the subscriptions side's):
 * a plain-text digest naming the subscriber and the period, with the List-Unsubscribe headers
 * bulk senders need. Addresses containing "quiet" get nothing (the composer returns null).
 */
import type { ComposedDigest, DigestComposer } from '../../src/digest/digest-composer.ts';
import type { Subscriber } from '../../src/domain/digest.ts';

export class PlainComposer implements DigestComposer {
  calls = 0;
  failFor = new Set<string>();

  async compose(subscriber: Subscriber, period: string): Promise<ComposedDigest | null> {
    this.calls += 1;
    if (this.failFor.has(subscriber.email)) throw new Error(`no papers could be read for ${subscriber.email}`);
    if (subscriber.email.includes('quiet')) return null;
    return {
      to: subscriber.email,
      subject: `Your papers for ${period}`,
      text: `Hello ${subscriber.email},\n\nyour ${subscriber.frequency} digest for ${period}.\n`,
      headers: {
        'List-Unsubscribe': `<https://papers.example.org/digest/unsubscribe?s=${subscriber.id}>, <mailto:unsubscribe@papers.example.org?subject=${subscriber.id}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }
}
