/**
 * Turns abstract text into safe HTML: TeX between `$...$`, `$$...$$`,
 * `\(...\)` or `\[...\]` is rendered by KaTeX on the server (no script, no
 * network); the plain text around it is escaped, with its TeX text commands
 * (`\textbf{…}`, `\%`, `\pm`…) rendered too (text-commands.ts). Dollar signs
 * that are prices ("$5 million") are left alone using pandoc's rule: an
 * opening `$` is followed by a non-space, a closing `$` follows a non-space and
 * is not followed by a digit.
 *
 * Text may carry search highlight marks (MARK_START/MARK_END): they become
 * well-nested `<mark>` elements (marked-html.ts), so a search snippet renders
 * its math like the paper page does.
 */
import katex from 'katex';
import { escapeHtml, MARKS, MarkedHtml } from './marked-html.ts';
import { renderTextCommands } from './text-commands.ts';

export { escapeHtml } from './marked-html.ts';

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

/** Inline HTML for one paragraph, title or snippet (search marks become `<mark>`). */
export function renderMathText(text: string): string {
  const out = new MarkedHtml();
  for (const s of splitMath(text)) {
    if (s.math) {
      out.skipMarks(s.text);
      out.markup(renderTex(s.text.replace(MARKS, ''), s.display));
    } else {
      renderTextCommands(s.text, out);
    }
  }
  return out.toString();
}

/** `<p>` per paragraph (paragraphs are separated by blank lines). */
export function renderMathParagraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${renderMathText(p)}</p>`)
    .join('');
}
