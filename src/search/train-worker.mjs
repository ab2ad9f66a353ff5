// Worker-thread entry for training the built-in embedder off the main thread
// (a server keeps answering while it learns). Sources are TypeScript: load tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./train-worker-main.ts');
