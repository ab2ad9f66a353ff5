import type { Subscriber } from '../domain/digest.ts';
import type { OutgoingMessage } from '../mail/mailer.ts';
/** A digest ready to send: the message without its Message-ID (the ledger decides it). null: nothing worth sending this period. */
export type ComposedDigest = Omit<OutgoingMessage, 'messageId'>;
export interface DigestComposer {
  compose(subscriber: Subscriber, period: string): Promise<ComposedDigest | null>;
}
