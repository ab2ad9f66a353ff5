/** Options and helpers shared by commands. */
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigOverrides } from '../config.ts';
import { Paperboy, type OpenOptions } from '../app/paperboy.ts';

export function withDbOption(cmd: Command): Command {
  return cmd.option('--db <path>', 'SQLite database file (env PAPERBOY_DB, default ./data/paperboy.db)');
}

export function configFrom(opts: ConfigOverrides): Config {
  return loadConfig(process.env, opts);
}

/** Opens the core on the configured database, runs `fn`, always closes. */
export async function withPaperboy<T>(config: Config, fn: (app: Paperboy) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const app = await Paperboy.open(config, options);
  try {
    return await fn(app);
  } finally {
    await app.close();
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
