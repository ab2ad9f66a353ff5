import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARK_END as E, MARK_START as S } from '../../../src/app/types.ts';
import { renderMathText } from '../../../src/web/render/math-text.ts';
import { demoHarness, type Harness } from '../web-harness.ts';

/**
 * The visible text of some HTML: text nodes outside KaTeX's own markup (its
 * MathML annotation holds the TeX source on purpose), entities decoded.
 */
function visibleText(html: string): string {
  let text = '';
  let katexDepth = 0;
  for (const [token] of html.matchAll(/<[^>]*>|[^<]+/g)) {
    if (token.startsWith('<')) {
      const opening = /^<span\b/.test(token);
      if (katexDepth > 0) {
        if (opening && !token.endsWith('/>')) katexDepth++;
        else if (token === '</span>') katexDepth--;
      } else if (opening && /class="katex(-display)?"/.test(token)) {
        katexDepth = 1;
      }
      continue;
    }
    if (katexDepth === 0) text += token.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }
  return text;
}
const BACKSLASH_COMMAND = /\\(?:[A-Za-z]+|[^A-Za-z\s])/;

describe('TeX text commands outside math', () => {
  it('renders styles, symbols, escaped characters and superscripts', () => {
    expect(renderMathText('\\textbf{When do skills help}, \\emph{why} and \\textit{where}')).toBe('<strong>When do skills help</strong>, <em>why</em> and <em>where</em>');
    expect(renderMathText('recall of (0.673 \\pm 0.019) at 85.78\\% \\& 10\\,FPS')).toBe('recall of (0.673 ± 0.019) at 85.78% &amp; 10\u2009FPS');
    expect(renderMathText('\\sim 3 \\times faster, \\approx 2, \\leq 5, \\geq 1, \\alpha')).toBe('∼ 3 × faster, ≈ 2, ≤ 5, ≥ 1, α');
    expect(renderMathText('compute (10^{19} to 10^{22} FLOPs)')).toBe('compute (10<sup>19</sup> to 10<sup>22</sup> FLOPs)');
  });

  it('shows a "times" glued to numbers as ×, and leaves the English word alone', () => {
    expect(renderMathText('reducing sampling by 23.44times while 4times4 grids, 2.1 times, timesteps')).toBe('reducing sampling by 23.44× while 4×4 grids, 2.1 times, timesteps');
  });

  it("shows an author's unexpanded macro by its name, and never a backslash", () => {
    expect(renderMathText('our \\ourmethod achieves; \\ours{}, a benchmark; costs \\22K')).toBe('our ourmethod achieves; ours, a benchmark; costs 22K');
  });

  it('still escapes everything and renders math', () => {
    expect(renderMathText('\\textbf{<script>} $x^2$')).toMatch(/^<strong>&lt;script&gt;<\/strong> <span class="katex">/);
    expect(renderMathText('\\textbf{a')).toBe('<strong>a</strong>'); // cut off by an excerpt
  });

  it('keeps search marks well nested around styles and math', () => {
    expect(renderMathText(`${S}23.44${E}times and ${S}skills${E}`)).toBe('<mark>23.44</mark>× and <mark>skills</mark>');
    expect(renderMathText(`a ${S}b \\textbf{c d${E} e}`)).toBe('a <mark>b </mark><strong><mark>c d</mark> e</strong>');
    expect(renderMathText(`${S}x${E} $${S}y${E}^2$ 5\\${S}%${E}`)).toMatch(/^<mark>x<\/mark> <span class="katex">.*<\/span> 5<mark>%<\/mark>$/);
  });
});

describe('demo papers render without visible TeX commands', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await demoHarness();
  }, 60_000);
  afterAll(async () => {
    await h.store.close();
  });

  it('every demo paper page shows its title, summary and abstract with no backslash command', async () => {
    const ids = (await h.store.db.selectFrom('papers').select('id').execute()).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(400);
    const offenders: string[] = [];
    for (const id of ids) {
      const html = await (await h.get(`/papers/${id}`)).text();
      const article = html.slice(html.indexOf('<article class="paper">'), html.indexOf('</article>'));
      expect(article.length, id).toBeGreaterThan(100);
      const m = BACKSLASH_COMMAND.exec(visibleText(article));
      if (m) offenders.push(`${id}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  }, 60_000);

  it('renders the TeX the issue names: bold on 2608.14036, ± on 2607.25572', async () => {
    expect(await (await h.get('/papers/2608.14036')).text()).toContain('<strong>When do skills help');
    expect(await (await h.get('/papers/2607.25572')).text()).toContain('(0.673 ± 0.019)');
  });

  it('listing cards and search snippets render it too', async () => {
    const search = await (await h.get('/search?q=sampling+CEM')).text();
    expect(search).toContain('23.44×');
    expect(visibleText(search)).not.toMatch(BACKSLASH_COMMAND);
    const lewm = await (await h.get('/search?q=LeWM+zero-search')).text();
    expect(lewm).toContain('85.78%');
    expect(lewm).not.toContain('85.78\\%');
  });
});
