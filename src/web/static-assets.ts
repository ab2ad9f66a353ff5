/**
 * Static files: our stylesheet and icon, KaTeX's stylesheet and fonts and htmx
 * from their npm packages. Read once into memory; URLs carry a content hash so browsers
 * may cache them forever.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticAsset {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly hash: string;
}

const OWN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const KATEX_DIR = path.dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));
/** htmx, for small interactions (a vote without reloading); every page works without it */
const HTMX_FILE = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.js': 'text/javascript; charset=utf-8',
};

const SAFE_NAME = /^(?:katex\/(?:fonts\/)?)?[A-Za-z0-9_.-]+$/;
const assets = new Map<string, StaticAsset | null>();

function sourcePath(name: string): string | null {
  if (!SAFE_NAME.test(name) || name.includes('..')) return null;
  if (name === 'htmx.min.js') return HTMX_FILE;
  if (name.startsWith('katex/')) return path.join(KATEX_DIR, name.slice('katex/'.length));
  return path.join(OWN_DIR, name);
}

/** The asset named `name` (e.g. `app.css`, `katex/fonts/KaTeX_Main-Regular.woff2`), or null. */
export function staticAsset(name: string): StaticAsset | null {
  if (assets.has(name)) return assets.get(name) ?? null;
  const file = sourcePath(name);
  const contentType = TYPES[path.extname(name)];
  let asset: StaticAsset | null = null;
  if (file && contentType && fs.existsSync(file) && fs.statSync(file).isFile()) {
    const body = fs.readFileSync(file);
    asset = { body, contentType, hash: createHash('sha1').update(body).digest('hex').slice(0, 10) };
  }
  if (assets.size < 200) assets.set(name, asset);
  return asset;
}

export function staticUrl(name: string): string {
  const asset = staticAsset(name);
  return asset ? `/static/${name}?v=${asset.hash}` : `/static/${name}`;
}
