/**
 * Getting one paper's thumbnail: the image an upstream named (fetched once,
 * checked to really be a PNG, JPEG, WebP or GIF, and not too large), else the
 * paper's PDF with page 1 rendered by pdftoppm. Fetches go through the polite
 * client (turns per host, retries); nothing here writes to the database.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { PoliteClient } from '../http/polite-client.ts';
import type { ThumbnailWrite } from '../../store/thumbnails-repo.ts';
import { sniffImage } from './image-format.ts';
import { looksLikePdf, renderFirstPage } from './render-pdf.ts';

/** Largest upstream image accepted. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Largest PDF fetched to render (arXiv papers are rarely above 20 MB). */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;

export interface ThumbnailTarget {
  readonly paperId: string;
  /** an image URL a source gave for the paper */
  readonly upstreamUrl: string | null;
  /** where the paper's PDF is, when we know */
  readonly pdfUrl: string | null;
}

export interface MakeOptions {
  /** fetch and render the PDF when there is no usable upstream image */
  readonly pdf: boolean;
  /** pdftoppm to run (tests) */
  readonly program?: string;
}

export type ThumbnailOutcome =
  | { readonly ok: true; readonly thumbnail: ThumbnailWrite }
  /** `unreachable`: every host asked could not be reached (no network?): a passing failure, not the paper's */
  | { readonly ok: false; readonly reason: string; readonly unreachable: boolean };

export function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 20);
}

export async function makeThumbnail(client: PoliteClient, target: ThumbnailTarget, options: MakeOptions): Promise<ThumbnailOutcome> {
  const reasons: string[] = [];
  let unreachable = true;
  if (target.upstreamUrl) {
    const r = await attempt(() => fromUpstream(client, target.paperId, target.upstreamUrl!));
    if (r.ok) return r;
    reasons.push(`image ${target.upstreamUrl}: ${r.reason}`);
    unreachable &&= r.unreachable;
  }
  if (options.pdf && target.pdfUrl) {
    const r = await attempt(() => fromPdf(client, target.paperId, target.pdfUrl!, options.program));
    if (r.ok) return r;
    reasons.push(`PDF ${target.pdfUrl}: ${r.reason}`);
    unreachable &&= r.unreachable;
  }
  if (reasons.length === 0) return { ok: false, reason: 'no image or PDF is known for this paper', unreachable: false };
  return { ok: false, reason: reasons.join('; '), unreachable };
}

async function attempt(fn: () => Promise<ThumbnailOutcome>): Promise<ThumbnailOutcome> {
  try {
    return await fn();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // the polite client gave up on connections or timeouts (not on an answer it did not like)
    const unreachable = e instanceof AppError && /did not answer .*\(last: (connection failed|timed out)/.test(message);
    return { ok: false, reason: message, unreachable };
  }
}

async function fromUpstream(client: PoliteClient, paperId: string, url: string): Promise<ThumbnailOutcome> {
  const res = await client.getBytes(url, { maxBytes: MAX_IMAGE_BYTES, accept: 'image/png, image/jpeg, image/webp, image/gif;q=0.9, */*;q=0.1' });
  if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status}`, unreachable: false };
  const format = sniffImage(res.bytes);
  if (!format) return { ok: false, reason: `not an image (expected PNG, JPEG, WebP or GIF; got ${describeBytes(res.bytes, res.headers)})`, unreachable: false };
  return { ok: true, thumbnail: { paperId, bytes: res.bytes, ...format, source: 'upstream', hash: hashOf(res.bytes) } };
}

async function fromPdf(client: PoliteClient, paperId: string, url: string, program: string | undefined): Promise<ThumbnailOutcome> {
  const res = await client.getBytes(url, { maxBytes: MAX_PDF_BYTES, accept: 'application/pdf' });
  if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status}`, unreachable: false };
  if (!looksLikePdf(res.bytes)) return { ok: false, reason: `not a PDF (got ${describeBytes(res.bytes, res.headers)})`, unreachable: false };
  const png = await renderFirstPage(res.bytes, undefined, program);
  const format = sniffImage(png);
  if (!format) return { ok: false, reason: 'pdftoppm did not produce a PNG', unreachable: false };
  return { ok: true, thumbnail: { paperId, bytes: png, ...format, source: 'pdf', hash: hashOf(png) } };
}

function describeBytes(bytes: Uint8Array, headers: Headers): string {
  const type = headers.get('content-type');
  return `${bytes.byteLength.toLocaleString('en-US')} bytes${type ? ` of ${type.split(';')[0]}` : ''}`;
}
