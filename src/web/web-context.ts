/** What every route needs: the application core, the configuration and the page cache. */
import type { Config } from '../config.ts';
import type { Paperboy } from '../app/paperboy.ts';
import type { PageCache } from './page-cache.ts';
import type { SearchGate } from './search-gate.ts';

export interface WebContext {
  readonly core: Paperboy;
  readonly config: Config;
  readonly cache: PageCache;
  /** admission for uncached searches (search-gate.ts) */
  readonly searchGate: SearchGate;
}
