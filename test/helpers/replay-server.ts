/**
 * A real HTTP server on 127.0.0.1 for ingest tests: each request is answered
 * by the first matching route; routes can answer once (then fall through),
 * stall, or cut the body short. Records every request it saw.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** never answer (the client must time out) */
  readonly stall?: boolean;
  /** send this many bytes of the body, then drop the connection */
  readonly cutAfter?: number;
}

export interface Route {
  readonly match: (url: URL) => boolean;
  readonly reply: Reply | ((url: URL) => Reply);
  /** answer only this many times, then let later routes answer */
  times?: number;
}

export interface ReplayServer {
  readonly base: string;
  readonly requests: { url: string; userAgent: string | undefined; at: number }[];
  route(r: Route): void;
  close(): Promise<void>;
}

export async function startReplayServer(): Promise<ReplayServer> {
  const routes: Route[] = [];
  const requests: ReplayServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ url: url.pathname + url.search, userAgent: req.headers['user-agent'], at: Date.now() });
    const route = routes.find((r) => (r.times === undefined || r.times > 0) && r.match(url));
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture for ${url.pathname}${url.search}`);
      return;
    }
    if (route.times !== undefined) route.times -= 1;
    const reply = typeof route.reply === 'function' ? route.reply(url) : route.reply;
    if (reply.stall) return;
    const body = Buffer.from(reply.body ?? '');
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/xml; charset=utf-8', ...reply.headers });
    if (reply.cutAfter !== undefined) {
      res.write(body.subarray(0, reply.cutAfter));
      res.socket?.destroy();
      return;
    }
    res.end(body);
  });
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
