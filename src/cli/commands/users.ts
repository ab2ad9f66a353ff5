import { Command } from 'commander';
import { configFrom, out, withDbOption, withPaperboy } from '../common.ts';

/** `paperboy users list|promote EMAIL`: the accounts of this instance. */
export function usersCommand(): Command {
  const users = new Command('users').description('Accounts: list them, make one an administrator');
  users.addCommand(
    withDbOption(new Command('list'))
      .description('List the accounts (people who can sign in), oldest first')
      .option('--json', 'print JSON')
      .action(async (opts: { db?: string; json?: boolean }) => {
        const accounts = await withPaperboy(configFrom(opts), (app) => app.accounts.list());
        if (opts.json) return out(JSON.stringify(accounts.map((a) => ({ username: a.username, email: a.email, fullname: a.fullname, isAdmin: a.isAdmin, since: a.createdAt })), null, 2));
        if (accounts.length === 0) return out('No accounts yet: the first person to sign in becomes the administrator.');
        for (const a of accounts) out(`${a.username.padEnd(24)} ${a.email.padEnd(36)} ${a.isAdmin ? 'admin' : '     '} since ${a.createdAt.slice(0, 10)}`);
      }),
  );
  users.addCommand(
    withDbOption(new Command('promote'))
      .description('Make the account with this email an administrator (it must have signed in once)')
      .argument('<email>', 'the account’s email address')
      .action(async (email: string, opts: { db?: string }) => {
        const account = await withPaperboy(configFrom(opts), (app) => app.accounts.promote(email));
        out(`${account.username} <${account.email}> is now an administrator.`);
      }),
  );
  return users;
}
