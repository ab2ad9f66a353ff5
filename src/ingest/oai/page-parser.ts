/**
 * Parsing OAI-PMH pages, on this thread or on a worker thread. Harvests parse
 * the next page on the worker while they write the current one: on 2 free
 * cores that is ~1.4x faster (bench/ingest.ts prints both paths), and a server
 * running scheduled harvests keeps answering meanwhile (a 1,000-record page
 * takes ~100 ms to parse). When the other core is busy, the copy across
 * threads makes it a little slower than one thread.
 */
import { Worker } from 'node:worker_threads';
import { MalformedXmlError } from '../xml-document.ts';
import { parseListRecords, type ListRecordsPage, type OaiMetadataPrefix } from './oai-pmh.ts';

export interface PageParser {
  parse(xml: string, prefix: OaiMetadataPrefix): Promise<ListRecordsPage>;
  close(): Promise<void>;
}

export const inThreadParser: PageParser = {
  parse: async (xml, prefix) => parseListRecords(xml, prefix),
  close: async () => undefined,
};

type Reply = { id: number; ok: true; page: ListRecordsPage } | { id: number; ok: false; malformed: boolean; message: string };

export function workerParser(): PageParser {
  const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url));
  worker.unref();
  const waiting = new Map<number, { resolve: (p: ListRecordsPage) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let broken: Error | null = null;
  const failAll = (e: Error): void => {
    broken = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: Reply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m.page);
    else w.reject(m.malformed ? new MalformedXmlError(m.message) : new Error(m.message));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the OAI-PMH parser thread stopped (exit code ${code})`)));
  return {
    parse(xml, prefix) {
      if (broken) return Promise.reject(broken);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, xml, prefix });
      }).finally(() => {
        if (waiting.size === 0) worker.unref();
      }) as Promise<ListRecordsPage>;
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/** Runs `fn` with a worker-thread parser and stops the worker afterwards. */
export async function withWorkerParser<T>(fn: (parser: PageParser) => Promise<T>): Promise<T> {
  const parser = workerParser();
  try {
    return await fn(parser);
  } finally {
    await parser.close();
  }
}
