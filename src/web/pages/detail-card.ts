/** A card for a paper known with its listings (collections, author pages): a paper never listed shows no vote box. */
import { paperComments, paperUpvotes, type PaperDetail } from '../../domain/paper.ts';
import type { CardInfo } from './paper-card.tsx';

export function detailCard({ paper, listings, submitter }: PaperDetail): CardInfo {
  return { paper, upvotes: listings.length > 0 ? paperUpvotes(listings) : null, comments: paperComments(listings), submitter };
}
