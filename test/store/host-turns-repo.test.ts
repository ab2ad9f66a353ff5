import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimHostTurn } from '../../src/store/host-turns-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { engines } from './engines.ts';

for (const engine of engines) {
  describe(`host turns (${engine.name})`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await engine.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('gives the first claimer the turn and tells the next how long to wait, writing nothing for it', async () => {
      expect(await claimHostTurn(store.db, 'export.arxiv.org', 3000, () => 10_000)).toBe(0);
      expect(await claimHostTurn(store.db, 'export.arxiv.org', 3000, () => 11_000)).toBe(2000);
      // the refused claim did not move the turn: at 13 000 it is free
      expect(await claimHostTurn(store.db, 'export.arxiv.org', 3000, () => 13_000)).toBe(0);
      expect(await claimHostTurn(store.db, 'export.arxiv.org', 3000, () => 13_001)).toBe(2999);
    });

    it('keeps one turn per host', async () => {
      expect(await claimHostTurn(store.db, 'export.arxiv.org', 3000, () => 10_000)).toBe(0);
      expect(await claimHostTurn(store.db, 'oaipmh.arxiv.org', 3000, () => 10_000)).toBe(0);
    });

    it('takes the turn when the clock went back further than the interval, rather than waiting for hours', async () => {
      expect(await claimHostTurn(store.db, 'export.arxiv.org', 3000, () => 10_000_000)).toBe(0);
      expect(await claimHostTurn(store.db, 'export.arxiv.org', 3000, () => 10_000_000 - 3_600_000)).toBe(0);
    });
  });
}
