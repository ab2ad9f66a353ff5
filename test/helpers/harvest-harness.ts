/**
 * The set-up every harvester test shares: before each test a fresh in-memory
 * store, a replay server to stand in for the upstream and a FakeClock; after
 * it, both are closed. Call once at the top of a test file (it registers the
 * hooks) and read the parts through the returned object, which always points
 * at the current test's ones.
 */
import { afterEach, beforeEach } from 'vitest';
import { PoliteClient, type PoliteClientOptions } from '../../src/ingest/http/polite-client.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { FakeClock } from './fake-clock.ts';
import { startReplayServer, type ReplayServer } from './replay-server.ts';

export interface HarvestHarness {
  readonly store: Store;
  readonly server: ReplayServer;
  readonly clock: FakeClock;
  /** a PoliteClient on the fake clock that gives up after two attempts (`extra` overrides) */
  client(extra?: PoliteClientOptions): PoliteClient;
}

export function useHarvestHarness(): HarvestHarness {
  let store: Store | undefined;
  let server: ReplayServer | undefined;
  let clock: FakeClock | undefined;
  beforeEach(async () => {
    store = await openStore(':memory:');
    server = await startReplayServer();
    clock = new FakeClock();
  });
  afterEach(async () => {
    await server?.close();
    await store?.close();
  });
  const current = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`the harvest harness's ${name} exists only inside a test`);
    return part;
  };
  return {
    get store() {
      return current(store, 'store');
    },
    get server() {
      return current(server, 'server');
    },
    get clock() {
      return current(clock, 'clock');
    },
    client: (extra = {}) => new PoliteClient({ clock: current(clock, 'clock'), maxAttempts: 2, ...extra }),
  };
}
