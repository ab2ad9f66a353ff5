/**
 * Turns abstract text into safe HTML: plain text is escaped, and TeX between
 * `$...$`, `$$...$$`, `\(...\)` or `\[...\]` is rendered by KaTeX on the server
 * (no script, no network). Dollar signs that are prices ("$5 million") are left
 * alone using pandoc's rule: an opening `$` is followed by a non-space, a
 * closing `$` follows a non-space and is not followed by a digit.
 */
import katex from 'katex';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

interface Segment {
  readonly text: string;
  readonly math: boolean;
  readonly display: boolean;
}

function findClosingDollar(text: string, from: number, double: boolean): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '\n' && text[i + 1] === '\n') return -1; // math never spans paragraphs
    if (ch !== '$') continue;
    if (double) {
      if (text[i + 1] === '$') return i;
      continue;
    }
    // The first unescaped `$` must close; if it cannot, this `$` was not math.
    if (i === from || /\s/.test(text[i - 1]!) || /\d/.test(text[i + 1] ?? '')) return -1;
    return i;
  }
  return -1;
}

export function splitMath(text: string): Segment[] {
  const out: Segment[] = [];
  let plain = '';
  let i = 0;
  const pushPlain = (): void => {
    if (plain) out.push({ text: plain, math: false, display: false });
    plain = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && (text[i + 1] === '(' || text[i + 1] === '[')) {
      const close = text[i + 1] === '(' ? '\\)' : '\\]';
      const end = text.indexOf(close, i + 2);
      if (end > i + 2) {
        pushPlain();
        out.push({ text: text.slice(i + 2, end), math: true, display: close === '\\]' });
        i = end + 2;
        continue;
      }
    }
    if (ch === '\\' && text[i + 1] === '$') {
      plain += '$';
      i += 2;
      continue;
    }
    if (ch === '$') {
      const double = text[i + 1] === '$';
      const start = i + (double ? 2 : 1);
      const opensMath = start < text.length && !/\s/.test(text[start]!);
      const end = opensMath ? findClosingDollar(text, start, double) : -1;
      if (end > start) {
        pushPlain();
        out.push({ text: text.slice(start, end), math: true, display: double });
        i = end + (double ? 2 : 1);
        continue;
      }
    }
    plain += ch;
    i++;
  }
  pushPlain();
  return out;
}

function renderTex(tex: string, display: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: 'ignore', trust: false, maxSize: 20, maxExpand: 200, output: 'htmlAndMathml' });
  } catch {
    // Not valid TeX after all: show what the authors wrote.
    return `<code class="tex">${escapeHtml(display ? `$$${tex}$$` : `$${tex}$`)}</code>`;
  }
}

/** Inline HTML for one paragraph or snippet. */
export function renderMathText(text: string): string {
  return splitMath(text)
    .map((s) => (s.math ? renderTex(s.text, s.display) : escapeHtml(s.text)))
    .join('');
}

/** `<p>` per paragraph (paragraphs are separated by blank lines). */
export function renderMathParagraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${renderMathText(p)}</p>`)
    .join('');
}
