/** Serves the app over HTTP until told to stop. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { AppError } from '../domain/errors.ts';
import { answerClientError } from './oversized-request.ts';

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

export function startServer(app: Hono, options: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // keep-alive connections would otherwise hold the close open
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    // a head over Node's maxHeaderSize gets our error page, not a bare 431 (oversized-request.ts)
    server.on('clientError', answerClientError);
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new AppError('conflict', `port ${options.port} is already in use: stop the other server or choose another port with --port or PORT`));
      else if (e.code === 'EACCES') reject(new AppError('conflict', `not allowed to listen on port ${options.port}: choose a port above 1023 with --port or PORT`));
      else reject(e);
    });
  });
}
