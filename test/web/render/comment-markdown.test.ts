import { describe, expect, it } from 'vitest';
import { isSafeHref, renderCommentMarkdown } from '../../../src/web/render/comment-markdown.ts';
import { XSS_PAYLOADS } from '../xss-payloads.ts';

const users = new Set(['ada', 'bob-2', 'AK_x']);
const render = (md: string) => renderCommentMarkdown(md, users);

describe('comment markdown: what is allowed', () => {
  it('renders the small set of markdown a comment needs', () => {
    expect(render('**bold** _em_ `code`\nnext line')).toBe('<p><strong>bold</strong> <em>em</em> <code>code</code><br />next line</p>');
    expect(render('> quoted\n\n- one\n- two\n\n1. first')).toMatchInlineSnapshot(`
      "<blockquote>
      <p>quoted</p>
      </blockquote>
      <ul>
      <li>one</li>
      <li>two</li>
      </ul>
      <ol>
      <li>first</li>
      </ol>"
    `);
    expect(render('```\nconst a = 1 < 2;\n```')).toBe('<pre><code>const a = 1 &lt; 2;\n</code></pre>');
  });

  it('links keep http(s) and mailto, with rel="nofollow ugc noopener" and nothing else', () => {
    expect(render('[paper](https://arxiv.org/abs/2608.19880 "title")')).toBe('<p><a href="https://arxiv.org/abs/2608.19880" rel="nofollow ugc noopener">paper</a></p>');
    expect(render('write to ada@example.org')).toBe('<p>write to <a href="mailto:ada@example.org" rel="nofollow ugc noopener">ada@example.org</a></p>');
    expect(render('https://example.org/?a=1&b=2')).toBe('<p><a href="https://example.org/?a=1&amp;b=2" rel="nofollow ugc noopener">https://example.org/?a=1&amp;b=2</a></p>');
  });

  it('headings are bold paragraphs; images are links, never <img>', () => {
    expect(render('# Big')).toBe('<p><strong>Big</strong></p>');
    expect(render('![a chart](https://example.org/c.png)')).toBe('<p><a href="https://example.org/c.png" rel="nofollow ugc noopener">a chart</a></p>');
  });
});

describe('comment markdown: @mentions', () => {
  it('links names the core knows and leaves the others as text', () => {
    expect(render('thanks @ada and @bob-2, not @nobody. And @AK_x!')).toMatchInlineSnapshot(
      `"<p>thanks <a href="/u/ada" rel="nofollow ugc noopener" class="mention">@ada</a> and <a href="/u/bob-2" rel="nofollow ugc noopener" class="mention">@bob-2</a>, not @nobody. And <a href="/u/AK_x" rel="nofollow ugc noopener" class="mention">@AK_x</a>!</p>"`,
    );
  });

  it('is no mention inside an email address, a link, code or a longer name', () => {
    expect(render('ada@example.org')).not.toContain('/u/ada');
    expect(render('[see @ada](https://example.org)')).toBe('<p><a href="https://example.org" rel="nofollow ugc noopener">see @ada</a></p>');
    expect(render('`@ada`')).toBe('<p><code>@ada</code></p>');
    expect(render('@adam')).toBe('<p>@adam</p>');
    expect(render('(@ada)')).toContain('(<a href="/u/ada"');
  });

  it('a mention class cannot be forged for an outside link', () => {
    expect(render('<a class="mention" href="https://evil.example">x</a>')).toBe('<p>&lt;a class="mention" href="https://evil.example"&gt;x&lt;/a&gt;</p>');
  });
});

describe('comment markdown: raw HTML and XSS payloads never become markup', () => {
  it('raw HTML is shown as text, not executed and not dropped', () => {
    expect(render('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(render('a <b>bold</b> claim')).toBe('<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>');
    expect(render('<img src=x onerror=alert(1)>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });

  it('dangerous link targets lose the link and keep the text', () => {
    for (const md of ['[x](javascript:alert(1))', '[x](javascript&colon;alert(1))', '[x](&#106;avascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](data:text/html,hi)', '[x](vbscript:msgbox)', '[x](//evil.example)']) {
      const html = render(md);
      expect(html, md).not.toContain('<a');
      expect(html, md).toContain('x');
    }
  });

  it.each(XSS_PAYLOADS)('%s', (payload) => {
    const html = render(payload);
    for (const [tag, name, attrs] of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
      expect(['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'], tag).toContain(name);
      expect(attrs, tag).not.toMatch(/\son[a-z]+\s*=/i);
      for (const href of attrs!.matchAll(/href="([^"]*)"/g)) expect(isSafeHref(href[1]!.replace(/&amp;/g, '&')), tag).toBe(true);
    }
  });

  it('a backslash path stays on this site (marked percent-encodes it)', () => {
    expect(render('[x](/\\evil.example)')).toBe('<p><a href="/%5Cevil.example" rel="nofollow ugc noopener">x</a></p>');
  });

  it('isSafeHref allows http(s), mailto and local paths only', () => {
    expect(['https://a.org', 'http://a.org', 'mailto:a@b.org', '/u/ada'].every(isSafeHref)).toBe(true);
    expect(['javascript:x', ' javascript:x', 'data:x', '//a.org', '/\\a.org', 'ftp://a.org', 'relative'].some(isSafeHref)).toBe(false);
  });
});

describe('profile excerpts', () => {
  it('read markdown as plain words', async () => {
    const { plainText } = await import('../../../src/web/pages/profile-comments.tsx');
    expect(plainText('Partly. The `retarget` step **matters**:\n\n> we observe\n\n- one\n- two [link](https://x.org)')).toBe('Partly. The retarget step matters:\n\nwe observe\n\none\ntwo link');
    expect(plainText('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
  });
});
