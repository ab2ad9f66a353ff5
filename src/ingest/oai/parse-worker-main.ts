/** Inside the worker: parse each page it is sent and send the result back. */
import { parentPort } from 'node:worker_threads';
import { MalformedXmlError } from '../xml-document.ts';
import { parseListRecords, type OaiMetadataPrefix } from './oai-pmh.ts';

const port = parentPort;
if (!port) throw new Error('parse-worker-main.ts must run in a worker thread');
port.on('message', (m: { id: number; xml: string; prefix: OaiMetadataPrefix }) => {
  try {
    port.postMessage({ id: m.id, ok: true, page: parseListRecords(m.xml, m.prefix) });
  } catch (e) {
    port.postMessage({ id: m.id, ok: false, malformed: e instanceof MalformedXmlError, message: e instanceof Error ? e.message : String(e) });
  }
});
