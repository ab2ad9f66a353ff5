/**
 * Author names as people write them ("Jane  Doe", "jane doe", "Ｊａｎｅ Doe")
 * meet under one *name key*: Unicode NFKC, lower case (full case folding of
 * ß and friends via toLowerCase after NFKC is close enough for names), and
 * white space collapsed to single spaces. Accents are kept: "José" and "Jose"
 * may be different people. The author page `/authors/{name}` lists every
 * paper with an author of the same key.
 */
export const MAX_AUTHOR_NAME_LENGTH = 300;

export function authorNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}
