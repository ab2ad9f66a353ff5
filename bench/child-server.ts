/** A benchmark's server child: a free port for it, and stopping it by its PID. */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nothing listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL if the child ignores it for `graceMs`. */
export async function stopChild(proc: ChildProcess | undefined, graceMs: number, log: (line: string) => void): Promise<void> {
  if (!proc || proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  process.kill(proc.pid, 'SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout' && proc.exitCode === null) {
    log(`server ${proc.pid} ignored SIGTERM, sending SIGKILL`);
    process.kill(proc.pid, 'SIGKILL');
    await exited;
  }
}
