/**
 * `paperboy` — the command line. Thin: parse and validate arguments, call the
 * store/ingest/web layers, print. Exit codes: 0 success, 1 partial success or
 * nothing found, 2 bad usage or configuration.
 */
import { Command, CommanderError } from 'commander';
import { AppError } from '../domain/errors.ts';
import { importCommand } from './commands/import.ts';
import { papersCommand } from './commands/papers.ts';
import { serveCommand } from './commands/serve.ts';
import { ingestCommand } from './commands/ingest.ts';
import { reindexCommand } from './commands/reindex.ts';
import { searchCommand } from './commands/search.ts';
import { statsCommand } from './commands/stats.ts';
import { usersCommand } from './commands/users.ts';
import { thumbnailsCommand } from './commands/thumbnails.ts';

export const EXIT = { ok: 0, partial: 1, usage: 2, failure: 3 } as const;

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('paperboy')
    .description('A self-hostable research-paper hub: daily papers, votes, discussion, search and digests.');
  let exitCode: number = EXIT.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  program.addCommand(serveCommand());
  program.addCommand(importCommand(setExit));
  program.addCommand(papersCommand(setExit));
  program.addCommand(ingestCommand(setExit));
  program.addCommand(searchCommand(setExit));
  program.addCommand(reindexCommand());
  program.addCommand(statsCommand());
  program.addCommand(usersCommand());
  program.addCommand(thumbnailsCommand(setExit));
  // addCommand() does not pass these settings down: usage errors anywhere must exit 2, not kill the process.
  const configure = (cmd: Command): void => {
    cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
    cmd.commands.forEach(configure);
  };
  configure(program);

  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are "errors" with exit code 0
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof AppError) {
      process.stderr.write(`paperboy: ${e.message}\n`);
      return e.code === 'config' || e.code === 'invalid_input' ? EXIT.usage : e.code === 'not_found' ? EXIT.partial : EXIT.failure;
    }
    process.stderr.write(`paperboy: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.failure;
  }
}
