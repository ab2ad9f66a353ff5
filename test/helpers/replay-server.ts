/**
 * A real HTTP server on 127.0.0.1 for ingest tests: each request is answered
 * by the first matching route; routes can answer once (then fall through),
 * stall, cut the body short, or stream a long body. Records every request it
 * saw, and for streamed bodies how much went out before the client hung up.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
  /** never answer (the client must time out) */
  readonly stall?: boolean;
  /** answer only once this has settled */
  readonly after?: Promise<unknown>;
  /** send this many bytes of the body, then drop the connection */
  readonly cutAfter?: number;
  /** send the status and headers, then nothing more (the body never comes) */
  readonly headersOnly?: boolean;
  /** send `body` again and again (no Content-Length), as fast as the client reads, until this many bytes went out or it hung up */
  readonly repeatUpTo?: number;
}

export interface SeenRequest {
  url: string;
  userAgent: string | undefined;
  at: number;
  /** for a `repeatUpTo` reply: body bytes handed to the socket, and whether the client closed the connection first */
  sent?: number;
  hungUp?: boolean;
}

export interface Route {
  readonly match: (url: URL) => boolean;
  readonly reply: Reply | ((url: URL) => Reply);
  /** answer only this many times, then let later routes answer */
  times?: number;
}

export interface ReplayServer {
  readonly base: string;
  readonly requests: SeenRequest[];
  route(r: Route): void;
  close(): Promise<void>;
}

export async function startReplayServer(): Promise<ReplayServer> {
  const routes: Route[] = [];
  const requests: ReplayServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = { url: url.pathname + url.search, userAgent: req.headers['user-agent'], at: Date.now() };
    requests.push(seen);
    const route = routes.find((r) => (r.times === undefined || r.times > 0) && r.match(url));
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture for ${url.pathname}${url.search}`);
      return;
    }
    if (route.times !== undefined) route.times -= 1;
    const reply = typeof route.reply === 'function' ? route.reply(url) : route.reply;
    if (reply.stall) return;
    if (reply.after) {
      void reply.after.then(() => answer(res, reply, seen));
      return;
    }
    answer(res, reply, seen);
  });
  const answer = (res: http.ServerResponse, reply: Reply, seen: SeenRequest): void => {
    const body = typeof reply.body === 'string' || reply.body === undefined ? Buffer.from(reply.body ?? '') : Buffer.from(reply.body);
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/xml; charset=utf-8', ...reply.headers });
    if (reply.headersOnly) {
      res.flushHeaders();
      return;
    }
    if (reply.repeatUpTo !== undefined) {
      void repeatBody(res, body, reply.repeatUpTo, seen);
      return;
    }
    if (reply.cutAfter !== undefined) {
      res.write(body.subarray(0, reply.cutAfter));
      res.socket?.destroy();
      return;
    }
    res.end(body);
  };
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    route: (r) => routes.push(r),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function repeatBody(res: http.ServerResponse, chunk: Buffer, upTo: number, seen: SeenRequest): Promise<void> {
  seen.sent = 0;
  seen.hungUp = false;
  const closed = new Promise<void>((resolve) => res.on('close', resolve));
  while (seen.sent < upTo) {
    if (res.destroyed || !res.writable) {
      seen.hungUp = true;
      return;
    }
    const part = chunk.subarray(0, Math.min(chunk.length, upTo - seen.sent));
    seen.sent += part.length;
    if (!res.write(part)) {
      await Promise.race([new Promise<void>((resolve) => res.once('drain', resolve)), closed]);
    }
  }
  res.end();
}
