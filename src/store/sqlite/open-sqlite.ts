/** Opens a SQLite database file for Kysely: WAL, foreign keys, a busy timeout. */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../schema.ts';
import { dropLegacyVec0Tables } from './legacy-vec0.ts';

export interface SqliteHandles {
  readonly db: Kysely<Database>;
  /** a second connection whose `data_version` moves whenever the main one (or another process) commits */
  readonly watcher: SqliteDatabase.Database;
  readonly raw: SqliteDatabase.Database;
}

export function openSqlite(file: string): SqliteHandles {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // 32 MB of page cache (default 2 MB): keeps the B-tree interior pages of a large database in
  // memory, so the vector rescoring's ~150 row lookups per search do not each go to the file
  raw.pragma('cache_size = -32768');
  // before anything reads the schema, which a vec0 table of an older version would make unreadable
  dropLegacyVec0Tables(raw);
  // In-memory databases are private to one connection, so they watch themselves.
  const watcher = file === ':memory:' ? raw : new SqliteDatabase(file, { readonly: false });
  if (watcher !== raw) watcher.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return { db, watcher, raw };
}
