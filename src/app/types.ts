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
export type { Account, Viewer } from '../domain/account.ts';
export type { ApiTokenInfo } from '../store/accounts-repo.ts';
export type { Profile } from './profiles.ts';
export type { ModerationOverview } from './moderation.ts';
export type { RateLimitHitSummary } from '../store/accounts-repo.ts';
export type { TrendingPaper, TrendingView } from './trending-view.ts';
export type { VoteOutcome } from './votes.ts';
export type { ThumbnailMeta, StoredThumbnail } from '../store/thumbnails-repo.ts';
export type { ThumbnailStatus, FillSummary } from './thumbnail-upkeep.ts';
