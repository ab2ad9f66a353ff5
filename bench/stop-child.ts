/** Stopping a benchmark's server child by its PID: SIGTERM, then SIGKILL if it ignores it. */
import type { ChildProcess } from 'node:child_process';

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
