// Worker-thread entry for parsing OAI-PMH pages off the main thread. Sources are TypeScript: load tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker-main.ts');
