/** `GET /api/whoami`: who an API token (or session) acts as; 401 without one. */
import type { Hono } from 'hono';
import { requireViewer } from '../auth/request-viewer.ts';

export function registerWhoamiApi(app: Hono): void {
  app.get('/api/whoami', (c) => {
    const viewer = requireViewer(c, 'ask who you are (send Authorization: Bearer TOKEN; make a token at /settings)');
    c.header('cache-control', 'no-store');
    return c.json({ user: { name: viewer.username, isAdmin: viewer.isAdmin } });
  });
}
