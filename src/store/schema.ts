/** Table shapes as Kysely sees them. JSON columns hold text; repositories (de)serialise. */
import type { Generated } from 'kysely';

export interface PapersTable {
  id: string;
  source: string;
  version: number | null;
  title: string;
  abstract: string;
  authors_json: string;
  categories_json: string;
  primary_category: string | null;
  published_at: string | null;
  updated_at: string | null;
  comment: string | null;
  doi: string | null;
  journal_ref: string | null;
  github_repo: string | null;
  github_stars: number | null;
  project_page: string | null;
  ai_summary: string | null;
  ai_keywords_json: string;
  organization_json: string | null;
  /** when the source last described the paper; older descriptions never overwrite newer ones */
  observed_at: string | null;
  /** hash of every field above: an import compares it to tell "updated" from "unchanged" */
  content_hash: string;
  created_at: string;
  modified_at: string;
  /** 1 when a person edited the link here: imports leave it alone (migration 0012) */
  github_repo_local?: number;
  project_page_local?: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  fullname: string | null;
  avatar_url: string | null;
  is_pro: number;
  kind: string;
  created_at: string;
  /** accounts only (people who can sign in); upstream users have none */
  email: string | null;
  is_admin: Generated<number>;
  signed_up_at: string | null;
}

export interface SignInLinksTable {
  token_hash: string;
  email: string;
  next_path: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface RateLimitHitsTable {
  id: Generated<number>;
  bucket: string;
  subject: string;
  at: string;
}

/** Who changed which link of a paper (migration 0012_submissions_links). */
export interface PaperLinkEditsTable {
  id: Generated<number>;
  paper_id: string;
  user_id: number | null;
  /** `githubRepo` or `projectPage` */
  field: string;
  old_value: string | null;
  new_value: string | null;
  at: string;
}

export interface DailyListingsTable {
  day: string;
  paper_id: string;
  submitted_at: string;
  submitted_by: number | null;
  upvotes: number;
  num_comments: number;
  submitted_on_daily_at: string | null;
  thumbnail: string | null;
  author_participating: number;
}

export interface SearchModelsTable {
  name: string;
  bytes: Uint8Array;
  trained_on: number;
  created_at: string;
}

export interface SearchVectorsMetaTable {
  id: number;
  model: string;
  dimensions: number;
}

/** The vector index's tables (migration 0006_vector_index), read and written by sqlite/sqlite-vectors-repo.ts. */
export interface VectorItemsTable {
  rowid: number;
  /** float16 */
  vector: Uint8Array;
}

export interface VectorListItemsTable {
  rowid: number;
  list: number;
  seq: number;
  code: Uint8Array;
}

export interface VectorListsTable {
  level: number;
  list: number;
  parent: number;
  /** float32 */
  centroid: Uint8Array;
}

export interface VectorCodebookTable {
  id: number;
  reduced: number;
  basis: Uint8Array;
  steps: Uint8Array;
}

export interface VectorStateTable {
  id: number;
  trained_on: number;
  generation: number;
  items: number;
  seq: number;
}

export interface IngestStateTable {
  key: string;
  state_json: string;
  updated_at: string;
}

export interface PaperVersionsTable {
  paper_id: string;
  version: number;
  title: string | null;
  abstract: string | null;
  submitted_at: string | null;
  size: string | null;
}

export interface HostTurnsTable {
  host: string;
  next_allowed_at: number;
  interval_ms: number;
}

/** One local vote: a user upvoted a paper (migration 0009_votes). */
export interface VotesTable {
  user_id: number;
  paper_id: string;
  created_at: string;
}

/** What this instance's community did with a paper; no row reads as zeros (migration 0009_votes). */
export interface PaperActivityTable {
  paper_id: string;
  local_upvotes: number;
  local_comments: number;
  last_activity_at: string | null;
}

/** Migration 0010_thumbnails: a paper's stored first-page picture and the bookkeeping of getting it. */
export interface ThumbnailsTable {
  paper_id: string;
  bytes: Uint8Array | null;
  content_type: string | null;
  width: number | null;
  height: number | null;
  source: 'upstream' | 'pdf' | null;
  hash: string | null;
  created_at: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  updated_at: string;
}

/** Collections, author rows and authorship claims (migration 0013_collections_authors). */
export interface CollectionsTable {
  id: Generated<number>;
  owner_id: number;
  slug: string;
  title: string;
  description: string;
  is_public: number;
  created_at: string;
  updated_at: string;
}

export interface CollectionPapersTable {
  collection_id: number;
  paper_id: string;
  added_at: string;
  note: string | null;
}

export interface PaperAuthorsTable {
  paper_id: string;
  position: number;
  /** domain/author-name.ts authorNameKey(name) */
  name_key: string;
  name: string;
}

export interface AuthorClaimsTable {
  id: Generated<number>;
  paper_id: string;
  user_id: number;
  author_name: string;
  name_key: string;
  status: 'pending' | 'approved' | 'rejected';
  created_at: string;
  decided_at: string | null;
  decided_by: number | null;
}

/** Discussion (migration 0011): a comment on a paper, or a reply to one (`parent_id`). */
export interface CommentsTable {
  id: Generated<number>;
  paper_id: string;
  user_id: number;
  parent_id: number | null;
  /** wiped ('') when the author deletes the comment */
  body_markdown: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  /** the admin who hid it */
  hidden_by: number | null;
}

/** The digest send ledger (migration 0015; words in src/digest/README.md). */
export interface DigestSendsTable {
  subscriber_id: number;
  /** `D2026-11-26` or `W2026-W48` (domain/digest-period.ts) */
  period: string;
  status: 'claimed' | 'sent' | 'skipped' | 'failed';
  message_id: string;
  claimed_by: string | null;
  claimed_at: string | null;
  lease_until: string | null;
  sent_at: string | null;
  /** the SMTP server's final reply (or the outbox file) when sent */
  response: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: string | null;
}

/** digest subscriptions (migration 0014; words in domain/digest.ts) */
export interface DigestSubscribersTable {
  id: Generated<number>;
  email: string;
  user_id: number | null;
  status: string;
  frequency: string;
  send_hour: number;
  time_zone: string;
  paper_count: number;
  include_trending: number;
  categories_json: string;
  keywords_json: string;
  include_similar: number;
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  hard_bounces: Generated<number>;
  paused_at: string | null;
  last_bounce: string | null;
}

/** secrets the instance made for itself (migration 0014) */
export interface InstanceSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

export interface Database {
  host_turns: HostTurnsTable;
  ingest_state: IngestStateTable;
  paper_versions: PaperVersionsTable;
  search_models: SearchModelsTable;
  search_vectors_meta: SearchVectorsMetaTable;
  papers: PapersTable;
  users: UsersTable;
  sign_in_links: SignInLinksTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  rate_limit_hits: RateLimitHitsTable;
  comments: CommentsTable;
  daily_listings: DailyListingsTable;
  votes: VotesTable;
  paper_activity: PaperActivityTable;
  paper_link_edits: PaperLinkEditsTable;
  digest_sends: DigestSendsTable;
  digest_subscribers: DigestSubscribersTable;
  instance_secrets: InstanceSecretsTable;
  vector_items: VectorItemsTable;
  vector_list_items: VectorListItemsTable;
  vector_lists: VectorListsTable;
  vector_codebook: VectorCodebookTable;
  vector_state: VectorStateTable;
  thumbnails: ThumbnailsTable;
  collections: CollectionsTable;
  collection_papers: CollectionPapersTable;
  paper_authors: PaperAuthorsTable;
  author_claims: AuthorClaimsTable;
}
