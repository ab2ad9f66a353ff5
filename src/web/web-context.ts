/** What every route needs: the store, the configuration and the page cache. */
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { PageCache } from './page-cache.ts';

export interface WebContext {
  readonly store: Store;
  readonly config: Config;
  readonly cache: PageCache;
}
