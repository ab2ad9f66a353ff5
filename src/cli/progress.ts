/** A progress bar on a terminal; nothing (the summary is enough) when output is piped. */
import { SingleBar } from 'cli-progress';

export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function progressBar(title: string, enabled = process.stderr.isTTY === true): ProgressBar {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${title.padEnd(12)} [{bar}] {percentage}% | {value}/{total} {label}`, hideCursor: true, stream: process.stderr, clearOnComplete: false });
  let started = false;
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(Math.max(total, 1), 0, { label });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
