/**
 * One voting process for votes-repo.test.ts: opens the database file and
 * toggles votes of the given users on the given papers, in a fixed pseudo-random
 * order, then prints how many toggles it made. Run as
 * `node --import tsx vote-worker.ts FILE SEED TOGGLES USERS PAPERS` (USERS and
 * PAPERS comma-separated).
 */
import { openStore } from '../../src/store/store.ts';
import { toggleVote } from '../../src/store/votes-repo.ts';

const [file, seedText, togglesText, usersText, papersText] = process.argv.slice(2);
const users = usersText!.split(',').map(Number);
const papers = papersText!.split(',');
let seed = Number(seedText);
const next = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed % n;
};

const store = await openStore(file!);
let done = 0;
for (let i = 0; i < Number(togglesText); i++) {
  await toggleVote(store.db, users[next(users.length)]!, papers[next(papers.length)]!, new Date().toISOString());
  done++;
}
await store.close();
process.stdout.write(JSON.stringify({ done }));
