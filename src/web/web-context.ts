/** What every route needs: the store, the configuration, the page cache and search. */
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { SearchService } from '../search/search-service.ts';
import type { PageCache } from './page-cache.ts';

export interface WebContext {
  readonly store: Store;
  readonly config: Config;
  readonly cache: PageCache;
  readonly search: SearchService;
}
