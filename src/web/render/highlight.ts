/**
 * Search highlights: text with search's mark characters turned into <mark>,
 * math and TeX text commands rendered as on the paper page (math-text.ts).
 */
import { renderMathText } from './math-text.ts';

export function renderHighlight(text: string): string {
  return renderMathText(text);
}
