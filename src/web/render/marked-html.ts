/**
 * An HTML string being written, with search highlight marks kept well nested.
 *
 * Text may carry MARK_START / MARK_END (search highlights). A mark is opened
 * lazily, just before the next visible character, and closed before any tag
 * the renderer writes (`<strong>`, `</em>`, a KaTeX formula), then reopened
 * after it: `<mark>` never straddles another element, so a highlight across
 * `\textbf{…}` or a formula stays valid HTML. Marks inside a formula are
 * dropped (KaTeX sees plain TeX) but still move the highlight state.
 */
import { MARK_END, MARK_START } from '../../app/types.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

export const MARKS = new RegExp(`[${MARK_START}${MARK_END}]`, 'g');

export class MarkedHtml {
  private html = '';
  /** a highlight is wanted for the text that follows */
  private wanted = false;
  /** `<mark>` is open in what has been written */
  private open = false;

  /** Text, escaped; marks in it start and end highlights. */
  text(text: string): void {
    let run = '';
    for (const ch of text) {
      if (ch === MARK_START || ch === MARK_END) {
        this.flush(run);
        run = '';
        this.wanted = ch === MARK_START;
        if (!this.wanted) this.closeMark();
      } else {
        run += ch;
      }
    }
    this.flush(run);
  }

  /** Markup that is not highlighted itself (a tag, a rendered formula); marks in `html` are not allowed. */
  markup(html: string): void {
    this.closeMark();
    this.html += html;
  }

  /** Moves the highlight state past marks that were dropped (inside a formula). */
  skipMarks(text: string): void {
    for (const m of text.matchAll(MARKS)) this.wanted = m[0] === MARK_START;
    if (!this.wanted) this.closeMark();
  }

  toString(): string {
    this.closeMark();
    return this.html;
  }

  private flush(run: string): void {
    if (run === '') return;
    if (this.wanted && !this.open) {
      this.html += '<mark>';
      this.open = true;
    }
    this.html += escapeHtml(run);
  }

  private closeMark(): void {
    if (this.open) this.html += '</mark>';
    this.open = false;
  }
}
