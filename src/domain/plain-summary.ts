/**
 * A paper in one line of plain text, for digests: its AI summary when it has
 * one, otherwise the first sentence of the abstract; TeX turned into readable
 * plain text (`$O(n^2)$` → `O(n²)`, `\alpha` → `α`, `\textbf{x}` → `x`), since
 * mail cannot run KaTeX and the text part has no markup at all.
 */
import { shorten } from './digest-selection.ts';

const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', kappa: 'κ',
  lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  times: '×', cdot: '·', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '~', simeq: '≃', pm: '±', mp: '∓',
  infty: '∞', to: '→', rightarrow: '→', Rightarrow: '⇒', leftarrow: '←', leftrightarrow: '↔', mapsto: '↦', ll: '≪', gg: '≫',
  ldots: '…', dots: '…', cdots: '⋯', in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩', forall: '∀', exists: '∃',
  sqrt: '√', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫', propto: '∝', circ: '∘', ell: 'ℓ', emptyset: '∅',
  log: 'log', exp: 'exp', max: 'max', min: 'min', sin: 'sin', cos: 'cos', lim: 'lim', arg: 'arg', det: 'det',
  quad: ' ', qquad: ' ', ',': ' ', ';': ' ', '!': '', ' ': ' ', left: '', right: '', big: '', Big: '', mid: '|', vert: '|',
  '%': '%', '&': '&', '$': '$', '#': '#', _: '_', '{': '{', '}': '}',
};
const SUPER: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', '*': '*' };
const SUB: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ', t: 'ₜ' };
const WRAPPERS = /\\(?:text|textbf|textit|textrm|textsc|texttt|emph|mathrm|mathbf|mathit|mathcal|mathbb|mathsf|mathtt|boldsymbol|operatorname|bm|hat|bar|tilde|vec|widehat|overline|underline)\s*\{([^{}]*)\}/g;

function scripted(body: string, table: Record<string, string>, mark: string): string {
  const chars = [...body];
  return chars.every((ch) => table[ch] !== undefined) ? chars.map((ch) => table[ch]).join('') : `${mark}(${body})`;
}

function commands(text: string): string {
  let out = text;
  for (let i = 0; i < 4 && WRAPPERS.test(out); i++) out = out.replace(WRAPPERS, '$1');
  return out.replace(/\\([A-Za-z]+|[,;! %&$#_{}])/g, (whole, name: string) => SYMBOLS[name] ?? (/^[A-Za-z]+$/.test(name) ? name : whole));
}

function mathToPlain(tex: string): string {
  let out = commands(tex);
  out = out.replace(/\^\{([^{}]*)\}/g, (_, b: string) => scripted(b, SUPER, '^')).replace(/\^(\S)/g, (_, b: string) => scripted(b, SUPER, '^'));
  out = out.replace(/_\{([^{}]*)\}/g, (_, b: string) => scripted(b, SUB, '_')).replace(/_(\S)/g, (_, b: string) => scripted(b, SUB, '_'));
  return out.replace(/[{}]/g, '').replace(/~/g, ' ');
}

/** TeX-bearing text as plain text: math between `$…$`, `$$…$$`, `\(…\)`, `\[…\]` converted; prices (“$5 million”) left alone. */
export function plainText(text: string): string {
  const withMath = text
    .replace(/\$\$([^$]+)\$\$/g, (_, m: string) => mathToPlain(m))
    .replace(/\\\((.+?)\\\)/g, (_, m: string) => mathToPlain(m))
    .replace(/\\\[(.+?)\\\]/g, (_, m: string) => mathToPlain(m))
    // pandoc's rule: an opening $ is followed by a non-space, a closing one follows a non-space and is not followed by a digit
    .replace(/(^|[^\\])\$(?=\S)([^$]*?\S)\$(?!\d)/g, (_, before: string, m: string) => `${before}${mathToPlain(m)}`);
  return commands(withMath).replace(/\s+/g, ' ').trim();
}

/** The first sentence of an abstract (at least 40 characters, so “e.g.” does not end it). */
export function firstSentence(text: string): string {
  const m = /^([\s\S]{40,}?[.!?])\s+(?=[A-Z(“"])/.exec(text);
  return (m ? m[1]! : text).trim();
}

export const SUMMARY_MAX = 320;

/** The one-line summary of a paper: AI summary, or the abstract's first sentence; plain text, at most SUMMARY_MAX characters. */
export function oneLineSummary(paper: { readonly aiSummary: string | null; readonly abstract: string }): string {
  const source = paper.aiSummary?.trim() ? paper.aiSummary : firstSentence(plainText(paper.abstract));
  return shorten(plainText(source), SUMMARY_MAX);
}
