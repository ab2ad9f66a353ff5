/**
 * Reading the XML documents arXiv sends (Atom, OAI-PMH, RSS): parse a whole
 * document, checking its root element and that it was not cut short, then walk
 * its elements and read their text and attributes.
 */
import { XMLParser } from 'fast-xml-parser';

/** The document is not well-formed XML of the expected kind, or it was cut short. */
export class MalformedXmlError extends Error {
  override readonly name = 'MalformedXmlError';
}

/** Elements that may repeat anywhere in the documents we read: always arrays. */
const REPEATED = new Set([
  'entry', 'author', 'link', 'category', 'affiliation', // Atom, arXiv
  'record', 'setSpec', 'version', 'error', // OAI-PMH, arXivRaw
  'creator', 'subject', 'description', 'date', 'identifier', // Dublin Core
  'item', // RSS
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // arXiv's namespace prefixes are fixed in practice, but the 2016 Atom format
  // declares them per element; dropping them keeps one code path for both.
  removeNSPrefix: true,
  // `<title>0</title>` is a real arXiv title (2104.12255): keep every value a string.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
  // callbacks get the element name only: no path string built for every value
  jPath: false,
});

export type XmlNode = Record<string, unknown>;

/**
 * Parses `xml`, whose root element must be one of `roots`; returns the root's
 * name and node. fast-xml-parser is lenient with unclosed elements, so a
 * document cut mid-way is caught by its missing closing root tag.
 */
export function parseXmlDocument(xml: string, roots: readonly string[], what: string): { root: string; node: XmlNode } {
  const body = (xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml).trimEnd();
  const rootName = rootElementName(body);
  if (rootName === undefined || !roots.includes(rootName)) {
    const found = rootName ? `<${rootName}>` : 'no XML element';
    throw new MalformedXmlError(`${what}: malformed document: expected a <${roots.join('> or <')}> document, found ${found}`);
  }
  // only the end of the document can hold the closing root tag: test that, not megabytes
  const tail = body.length > 1024 ? body.slice(-1024) : body;
  const closing = new RegExp(`</(?:[\\w.-]+:)?${rootName.replace(/[.-]/g, '\\$&')}\\s*>$`);
  if (!closing.test(tail) && !new RegExp(`<(?:[\\w.-]+:)?${rootName}\\b[^>]*/>$`).test(body)) {
    throw new MalformedXmlError(`${what}: the XML document is incomplete or malformed: it does not end with </${rootName}> (truncated response?)`);
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(body);
  } catch (err) {
    throw new MalformedXmlError(`${what}: the XML document is malformed: ${(err as Error).message}`);
  }
  const node = (parsed as XmlNode)[rootName];
  return { root: rootName, node: isNode(node) ? node : {} };
}

const ELEMENT_START = /<(?:[\w.-]+:)?([\w.-]+)[\s/>]/y;

/** Name of the first element, past the XML declaration, processing instructions, comments and DOCTYPE. */
function rootElementName(body: string): string | undefined {
  let i = 0;
  for (;;) {
    const lt = body.indexOf('<', i);
    if (lt < 0) return undefined;
    const close = body.startsWith('<?', lt) ? '?>' : body.startsWith('<!--', lt) ? '-->' : body.startsWith('<!DOCTYPE', lt) ? '>' : null;
    if (close !== null) {
      const end = body.indexOf(close, lt + (close === '-->' ? 4 : 2));
      // an unterminated one is skipped like any other stray '<'
      i = end < 0 ? lt + 1 : end + close.length;
      continue;
    }
    ELEMENT_START.lastIndex = lt;
    const m = ELEMENT_START.exec(body);
    if (m) return m[1];
    i = lt + 1;
  }
}

export const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The child elements named `key` (always an array; [] when absent). */
export function children(node: XmlNode | undefined, key: string): XmlNode[] {
  const v = node?.[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (isNode(x) ? x : { '#text': x }));
}

/** The child element `key` as a node (the first one if repeated). */
export function child(node: XmlNode | undefined, key: string): XmlNode | undefined {
  return children(node, key)[0];
}

/** Text content of an element value (string, or node with `#text`); null when empty. */
export function textOf(v: unknown): string | null {
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'string') return v.trim() === '' ? null : repairMojibake(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v)) return textOf(v['#text']);
  return null;
}

/** Text of the child element `key`, trimmed; null when absent or empty. */
export function textAt(node: XmlNode | undefined, key: string): string | null {
  const t = textOf(node?.[key]);
  return t === null ? null : t.trim();
}

/** Texts of every child element `key`, trimmed, empties dropped. */
export function textsAt(node: XmlNode | undefined, key: string): string[] {
  const v = node?.[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => textOf(x)?.trim() ?? '').filter((s) => s !== '');
}

export const attr = (node: XmlNode | undefined, name: string): string | null => {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : null;
};

/**
 * Text that was UTF-8, decoded as Latin-1 and re-encoded ("WÃ¼bben" for
 * "Wübben"): some recorded arXiv API responses carry it. Repaired only when
 * every character fits in Latin-1, the telltale pairs are present and the
 * bytes decode as valid UTF-8, so genuine text is left alone.
 */
export function repairMojibake(s: string): string {
  if (!/[\u00C2-\u00F4][\u0080-\u00BF]/.test(s) || /[^\u0000-\u00FF]/.test(s)) return s;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(s, 'latin1'));
  } catch {
    return s;
  }
}
