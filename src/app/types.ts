/**
 * The words of lower layers that adapters (web, cli) need to name what the
 * core returns. Re-exported here so adapters depend on the core alone.
 */
export type { ImportSummary } from '../ingest/import-files.ts';
export type { Tally } from '../ingest/entry-writer.ts';
export type { IngestReport } from '../ingest/sources/ingest-report.ts';
export type { IngestProgress } from '../ingest/run-source.ts';
export { MAX_DAILY_DAYS, sourceField, checkField, type SourceRun } from '../ingest/source-spec.ts';
export { MAX_RESULTS, type SearchResult } from '../search/search-service.ts';
export { MAX_QUERY_LENGTH } from '../search/query.ts';
export { MARK_END, MARK_START } from '../search/lexical/highlight-marks.ts';
export type { ListingView } from './listing-view.ts';
export type { SemanticStatus } from './semantic-upkeep.ts';
export type { ForYouView } from './for-you.ts';
export type { Account, Viewer } from '../domain/account.ts';
export type { ApiTokenInfo } from '../store/accounts-repo.ts';
export type { Profile } from './profiles.ts';
export type { ModerationOverview } from './moderation.ts';
export type { RateLimitHitSummary } from '../store/accounts-repo.ts';
export type { TrendingPaper, TrendingView } from './trending-view.ts';
export type { VoteOutcome } from './votes.ts';
export type { ThumbnailMeta, StoredThumbnail } from '../store/thumbnails-repo.ts';
export type { ThumbnailStatus, FillSummary } from './thumbnail-upkeep.ts';
export type { Collection, CollectionInput } from '../domain/collection.ts';
export type { CollectionView, CollectionPaper, PaperShelf } from './collections.ts';
export type { AuthorClaim, ClaimedAuthor, ClaimDecision } from '../domain/author-claim.ts';
export type { ClaimedPaper } from './claims.ts';
export { AUTHOR_PAGE_SIZE, type AuthorPage } from './authors.ts';
export type { Thread, ShownComment } from './comments.ts';
export type { ListedComment } from '../store/comments-repo.ts';
export { MAX_COMMENT_LENGTH, MAX_SHOWN_DEPTH, MENTION, type CommentState, type ThreadEntry } from '../domain/comment.ts';
export type { SubmitResult, SubmissionQuota } from './submissions.ts';
export type { LinkEditing } from './paper-links.ts';
export type { LinkEditRow } from '../store/paper-links-repo.ts';
export type { DigestRunSummary, PlannedDigest } from '../digest/digest-sender.ts';
