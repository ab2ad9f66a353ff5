/** Search highlights: escaped text with search's mark characters turned into <mark>. */
import { MARK_END, MARK_START } from '../../app/types.ts';
import { escapeHtml } from './math-text.ts';

export function renderHighlight(text: string): string {
  let open = false;
  let html = '';
  for (const part of text.split(new RegExp(`([${MARK_START}${MARK_END}])`))) {
    if (part === MARK_START && !open) {
      html += '<mark>';
      open = true;
    } else if (part === MARK_END && open) {
      html += '</mark>';
      open = false;
    } else if (part !== MARK_START && part !== MARK_END) {
      html += escapeHtml(part);
    }
  }
  return open ? `${html}</mark>` : html;
}
