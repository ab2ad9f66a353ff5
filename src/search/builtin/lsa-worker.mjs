// Worker-thread entry for the LSA phase of training (see lsa-thread.ts).
// Sources are TypeScript: load tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./lsa-worker-main.ts');
