/** Options and helpers shared by commands. */
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigOverrides } from '../config.ts';
import { openStore, type Store } from '../store/store.ts';

export function withDbOption(cmd: Command): Command {
  return cmd.option('--db <path>', 'SQLite database file (env PAPERBOY_DB, default ./data/paperboy.db)');
}

export function configFrom(opts: ConfigOverrides): Config {
  return loadConfig(process.env, opts);
}

/** Opens the configured store, runs `fn`, always closes. */
export async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
export const err = (line = ''): void => {
  process.stderr.write(`${line}\n`);
};

export const n = (v: number): string => v.toLocaleString('en-US');

/**
 * One reported problem: `skipped WHERE: reason` on one line, or, when the
 * reason has several lines (one per field of a bad record), the header and
 * then each line indented by two spaces.
 */
export function errProblem(label: string, where: string, reason: string): void {
  const lines = reason.split('\n');
  if (lines.length === 1) return err(`${label} ${where}: ${reason}`);
  err(`${label} ${where}:`);
  for (const line of lines) err(`  ${line}`);
}
