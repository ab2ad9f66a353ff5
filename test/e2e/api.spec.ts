/**
 * The Daily Papers-compatible JSON API over HTTP, against the demo data.
 */
import { expect, test } from '@playwright/test';

interface DailyItem {
  paper?: { id?: unknown; title?: unknown };
  publishedAt?: unknown;
}

test.describe('GET /api/daily_papers', () => {
  test('returns the papers of a day in the Daily Papers shape', async ({ request }) => {
    const res = await request.get('/api/daily_papers?date=2026-08-21');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type'] ?? '').toContain('application/json');
    const body = (await res.json()) as unknown;
    expect(Array.isArray(body)).toBe(true);
    const items = body as DailyItem[];
    expect(items).toHaveLength(17);
    const ids = new Set<string>();
    for (const [i, item] of items.entries()) {
      expect(typeof item.paper?.id, `item ${i} paper.id`).toBe('string');
      expect(item.paper?.id as string, `item ${i} paper.id`).toMatch(/^\d{4}\.\d{4,5}$/);
      expect(typeof item.paper?.title, `item ${i} paper.title`).toBe('string');
      expect((item.paper?.title as string).trim(), `item ${i} paper.title`).not.toBe('');
      expect(typeof item.publishedAt, `item ${i} publishedAt`).toBe('string');
      expect(item.publishedAt as string, `item ${i} publishedAt`).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
      ids.add(item.paper?.id as string);
    }
    expect(ids.size, 'no paper listed twice').toBe(17);
  });

  test('rejects a malformed date with 400 and a JSON error', async ({ request }) => {
    const res = await request.get('/api/daily_papers?date=nope');
    expect(res.status()).toBe(400);
    expect(res.headers()['content-type'] ?? '').toContain('application/json');
    const body = (await res.json()) as { error?: unknown };
    expect(body.error, 'body has an error').toBeTruthy();
  });
});
