import { afterEach, describe, expect, it } from 'vitest';
import { PoliteClient } from '../../../src/ingest/http/polite-client.ts';
import { makeThumbnail } from '../../../src/ingest/thumbnails/make-thumbnail.ts';
import { looksLikePdf, pdfRendererAvailable, renderFirstPage } from '../../../src/ingest/thumbnails/render-pdf.ts';
import { sniffImage } from '../../../src/ingest/thumbnails/image-format.ts';
import { freePort } from '../../cli/run-cli.ts';
import { onePagePdf } from '../../helpers/test-images.ts';
import { startReplayServer, type ReplayServer } from '../../helpers/replay-server.ts';

let server: ReplayServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('rendering page 1 with pdftoppm', () => {
  it('renders a PDF made at test time at the asked width, height following the page', async () => {
    expect(await pdfRendererAvailable()).toBe(true);
    const pdf = onePagePdf();
    expect(looksLikePdf(pdf)).toBe(true);
    const png = sniffImage(await renderFirstPage(pdf, 300));
    expect(png).toMatchObject({ contentType: 'image/png', width: 300 });
    // 300 * 792 / 612 = 388.2 (pdftoppm rounds up)
    expect(Math.abs(png!.height - 388.2)).toBeLessThan(1);
  });

  it('says why a broken PDF could not be rendered', async () => {
    await expect(renderFirstPage(new TextEncoder().encode('%PDF-1.4\nthis is not a pdf'))).rejects.toThrow(/pdftoppm could not render page 1/);
  });

  it('knows when pdftoppm is missing', async () => {
    expect(await pdfRendererAvailable('/nonexistent/pdftoppm')).toBe(false);
  });
});

describe('makeThumbnail', () => {
  it('calls a host that cannot be reached unreachable (a passing failure, not the paper’s)', async () => {
    const port = await freePort();
    const client = new PoliteClient({ minIntervalMs: 0, maxAttempts: 1 });
    const r = await makeThumbnail(client, { paperId: '2608.00001', upstreamUrl: null, pdfUrl: `http://127.0.0.1:${port}/pdf/2608.00001` }, { pdf: true });
    expect(r).toMatchObject({ ok: false, unreachable: true });
  });

  it('calls an answer it does not like the paper’s failure', async () => {
    server = await startReplayServer();
    server.route({ match: () => true, reply: { status: 404, body: 'gone' } });
    const client = new PoliteClient({ minIntervalMs: 0, maxAttempts: 1 });
    const r = await makeThumbnail(client, { paperId: '2608.00001', upstreamUrl: `${server.base}/t.png`, pdfUrl: null }, { pdf: true });
    expect(r).toEqual({ ok: false, reason: `image ${server.base}/t.png: HTTP 404`, unreachable: false });
  });
});
