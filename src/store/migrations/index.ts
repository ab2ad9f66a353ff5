/** Every migration, in order. Names sort lexically; never rename or edit a shipped one. */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_papers_listings_users.ts';
import * as m0002 from './0002_search_index.ts';
import * as m0003 from './0003_ingest_state_versions.ts';
import * as m0004 from './0004_search_changes.ts';
import * as m0005 from './0005_host_turns.ts';
import * as m0006 from './0006_vector_index.ts';
import * as m0007 from './0007_index_author_names.ts';
import * as m0008 from './0008_accounts.ts';
import * as m0009 from './0009_votes.ts';
import * as m0010 from './0010_thumbnails.ts';
import * as m0011 from './0011_comments.ts';
import * as m0012 from './0012_submissions_links.ts';
import * as m0013 from './0013_collections_authors.ts';
import * as m0015 from './0015_digest_ledger.ts';
import * as m0014 from './0014_digest_subscribers.ts';

const migrations: Record<string, Migration> = {
  '0001_papers_listings_users': m0001,
  '0002_search_index': m0002,
  '0003_ingest_state_versions': m0003,
  '0004_search_changes': m0004,
  '0005_host_turns': m0005,
  '0006_vector_index': m0006,
  '0007_index_author_names': m0007,
  '0008_accounts': m0008,
  '0009_votes': m0009,
  '0010_thumbnails': m0010,
  '0011_comments': m0011,
  '0012_submissions_links': m0012,
  '0013_collections_authors': m0013,
  '0015_digest_ledger': m0015,
  '0014_digest_subscribers': m0014,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
