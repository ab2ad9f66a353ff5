// Worker-thread entry for the contrastive helper (see contrastive-thread.ts).
// Sources are TypeScript: load tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./contrastive-worker-main.ts');
