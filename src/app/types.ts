/**
 * The words of lower layers that adapters (web, cli) need to name what the
 * core returns. Re-exported here so adapters depend on the core alone.
 */
export type { ImportSummary, ImportOptions } from '../ingest/import-files.ts';
export type { Tally } from '../ingest/entry-writer.ts';
export type { IngestReport } from '../ingest/sources/ingest-report.ts';
export type { IngestProgress } from '../ingest/run-source.ts';
export { MAX_DAILY_DAYS, OAI_FORMATS, sourceField, checkField, type OaiFormat, type SourceRun } from '../ingest/source-spec.ts';
export { MAX_RESULTS, type SearchHit, type SearchResult } from '../search/search-service.ts';
export { MAX_QUERY_LENGTH } from '../search/query.ts';
export type { Progress as SemanticProgress } from '../search/semantic-index.ts';
export type { PaperVersion } from '../store/paper-versions-repo.ts';
export type { StoreStats } from '../store/stats-repo.ts';
export { MARK_END, MARK_START, type Highlight } from '../search/lexical/highlight-marks.ts';
export type { ListingView } from './listing-view.ts';
export type { SemanticStatus } from './semantic-upkeep.ts';
