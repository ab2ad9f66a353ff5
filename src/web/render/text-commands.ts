/**
 * The TeX that abstracts carry outside math, rendered as what the author meant:
 * `\textbf{…}` and friends become <strong>/<em>/<code>, symbol commands
 * (`\pm`, `\times`, `\sim`, `\approx`, `\leq`, Greek letters…) their Unicode
 * character, escaped characters (`\%`, `\&`, `\#`, `\_`) themselves, spacing
 * commands (`\,`) a thin space. A command we do not know (an author's own
 * macro such as `\ourmethod`, left unexpanded) shows its name without the
 * backslash. `10^{19}` becomes a superscript.
 *
 * Abstracts copied from the Daily Papers often lost `$\times$` down to a
 * bare "times" glued to a number ("23.44times", "4times4"): a "times" between
 * a digit and a word boundary or digit is shown as ×.
 */
import type { MarkedHtml } from './marked-html.ts';

const STYLES: Record<string, readonly [string, string]> = {
  textbf: ['<strong>', '</strong>'],
  bf: ['<strong>', '</strong>'],
  mathbf: ['<strong>', '</strong>'],
  emph: ['<em>', '</em>'],
  textit: ['<em>', '</em>'],
  textsl: ['<em>', '</em>'],
  it: ['<em>', '</em>'],
  texttt: ['<code>', '</code>'],
  underline: ['<u>', '</u>'],
  textsc: ['<span class="smallcaps">', '</span>'],
  textrm: ['', ''],
  textsf: ['', ''],
  textnormal: ['', ''],
  text: ['', ''],
  mbox: ['', ''],
  mathrm: ['', ''],
  url: ['', ''],
};

const SYMBOLS: Record<string, string> = {
  pm: '±', mp: '∓', times: '×', cdot: '·', div: '÷', sim: '∼', approx: '≈', simeq: '≃', propto: '∝',
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', ll: '≪', gg: '≫', equiv: '≡',
  to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', leftrightarrow: '↔', uparrow: '↑', downarrow: '↓',
  infty: '∞', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫', sqrt: '√', in: '∈', notin: '∉',
  subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩', forall: '∀', exists: '∃', emptyset: '∅', circ: '∘', star: '⋆',
  dagger: '†', ddagger: '‡', deg: '°', degree: '°', prime: '′', checkmark: '✓', cdots: '⋯',
  ldots: '…', dots: '…', textellipsis: '…', S: '§', P: '¶', copyright: '©', textregistered: '®', texttrademark: '™',
  textendash: '–', textemdash: '—', textasciitilde: '~', textbackslash: '∖', textasciicircum: '^',
  textless: '<', textgreater: '>', textbar: '|', textdollar: '$', textpercent: '%', euro: '€', pounds: '£',
  quad: ' ', qquad: '  ', LaTeX: 'LaTeX', TeX: 'TeX', ie: 'i.e.', eg: 'e.g.', etal: 'et al.',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ',
  upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

/** After a backslash: characters that stand for themselves, and spacing. */
const ESCAPED: Record<string, string> = {
  '%': '%', '&': '&', '#': '#', '_': '_', '{': '{', '}': '}', '$': '$', '\\': ' ', ' ': ' ',
  ',': '\u2009', ';': '\u2005', ':': '\u2005', '!': '', '/': '', '-': '',
};

const COMMAND = /\\([A-Za-z]+)\*?/y;
// a search mark may sit between the number and "times"
const GLUED_TIMES = /(\d[\u0002\u0003]?)times(?=\d|\b)/g;
const SUPERSCRIPT = /(\d)\^\{([^{}\\]{1,16})\}/y;

/** Where the `{…}` group starting at `open` ends (its `}`), or the text's end when it never closes. */
function groupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** Writes plain (non-math) abstract text to `out`, rendering its TeX text commands. */
export function renderTextCommands(text: string, out: MarkedHtml): void {
  text = text.replace(GLUED_TIMES, '$1×');
  let plain = '';
  const flush = () => {
    out.text(plain);
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '^' && i > 0) {
      SUPERSCRIPT.lastIndex = i - 1;
      const sup = SUPERSCRIPT.exec(text);
      if (sup) {
        flush();
        out.markup('<sup>');
        out.text(sup[2]!);
        out.markup('</sup>');
        i = SUPERSCRIPT.lastIndex;
        continue;
      }
    }
    if (ch !== '\\') {
      plain += ch;
      i++;
      continue;
    }
    COMMAND.lastIndex = i;
    const command = COMMAND.exec(text);
    if (!command) {
      const next = text[i + 1];
      plain += next === undefined ? '' : (ESCAPED[next] ?? next);
      i += 2;
      continue;
    }
    const name = command[1]!;
    i = COMMAND.lastIndex;
    let argument: string | null = null;
    let after = i;
    while (text[after] === ' ') after++;
    if (text[after] === '{') {
      const end = groupEnd(text, after);
      argument = text.slice(after + 1, end);
      after = end + 1;
    }
    const style = STYLES[name];
    if (style && argument !== null) {
      flush();
      if (style[0]) out.markup(style[0]);
      renderTextCommands(argument, out);
      if (style[1]) out.markup(style[1]);
      i = after;
      continue;
    }
    plain += SYMBOLS[name] ?? name;
    // `\ours{}`: an empty group only ends the command's name
    if (argument === '') i = after;
  }
  flush();
}
