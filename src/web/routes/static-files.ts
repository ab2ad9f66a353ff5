/**
 * `/static/*`: our CSS and icon, KaTeX's CSS and fonts. Hashed URLs are cached for a year.
 * `/favicon.ico`, which browsers and feed readers ask for whatever the page says, is our SVG icon.
 */
import type { Hono } from 'hono';
import { staticAsset } from '../static-assets.ts';

export function registerStaticFiles(app: Hono): void {
  app.get('/favicon.ico', (c) => {
    const icon = staticAsset('favicon.svg');
    if (!icon) return c.notFound();
    return new Response(icon.body, { headers: { 'content-type': icon.contentType, 'cache-control': 'public, max-age=86400', etag: `"${icon.hash}"` } });
  });
  app.get('/static/:path{.+}', (c) => {
    const asset = staticAsset(c.req.param('path'));
    if (!asset) return c.notFound();
    const versioned = c.req.query('v') === asset.hash;
    return new Response(asset.body, {
      headers: {
        'content-type': asset.contentType,
        'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        etag: `"${asset.hash}"`,
      },
    });
  });
}
