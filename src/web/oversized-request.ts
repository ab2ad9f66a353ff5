/**
 * Requests Node refuses before the app sees them. A request line and headers
 * over Node's `maxHeaderSize` (16 kB: a long search pasted into the address
 * bar is enough) end in Node's `clientError`, whose default answer is a bare
 * `431` with no body. We answer like the app does: an error page (JSON under
 * `/api`) with our headers, 414 when the address itself is what is too long,
 * 431 when other headers are. Other client errors keep Node's answer.
 */
import type { Duplex } from 'node:stream';
import { SECURITY_HEADERS } from './app.ts';
import { errorPageHtml } from './pages/error-page.tsx';
import { MAX_QUERY_LENGTH } from '../app/types.ts';

const REASON: Record<number, string> = { 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

/** The answer to a request whose head overflowed, from what Node had read of it. */
export function oversizedResponse(rawPacket: Buffer | undefined): string {
  const head = (rawPacket ?? Buffer.alloc(0)).toString('latin1');
  const lineEnd = head.indexOf('\r\n');
  const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const target = requestLine.split(' ')[1] ?? '';
  // the request line alone over 8 kB (or never ending): the address is what is too long
  const status = lineEnd < 0 || lineEnd > 8192 ? 414 : 431;
  const message =
    status === 414
      ? `That address is too long for this server (over 16 kB). Searches are at most ${MAX_QUERY_LENGTH} characters: shorten the query and try again.`
      : 'The request’s headers are too large for this server (over 16 kB in all): clear this site’s cookies or send fewer headers.';
  const api = target === '/api' || target.startsWith('/api/') || target.startsWith('/api?');
  const body = api ? JSON.stringify({ error: message }) : errorPageHtml(status, message);
  const headers = {
    'content-type': api ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    connection: 'close',
    ...SECURITY_HEADERS,
    ...(api ? { 'access-control-allow-origin': '*' } : {}),
  };
  return `HTTP/1.1 ${status} ${REASON[status]}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`;
}

/** A `clientError` listener: our answer to an overflowing head, Node's usual one otherwise. */
export function answerClientError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    socket.end(oversizedResponse(err.rawPacket));
    return;
  }
  socket.end(err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
}
