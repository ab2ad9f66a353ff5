/**
 * The part of mjml 5's API the digest template uses (the package ships no
 * types and @types/mjml describes v4, whose mjml2html was synchronous).
 */
declare module 'mjml' {
  interface MjmlError {
    readonly line: number;
    readonly message: string;
    readonly tagName: string;
    readonly formattedMessage: string;
  }
  interface MjmlOptions {
    readonly validationLevel?: 'strict' | 'soft' | 'skip';
    readonly keepComments?: boolean;
    /** web fonts to import when a font-family names them; `{}`: never import any */
    readonly fonts?: Readonly<Record<string, string>>;
    readonly minify?: boolean;
  }
  /** v5: returns a Promise (v4 returned the result). */
  export default function mjml2html(source: string, options?: MjmlOptions): Promise<{ html: string; errors: MjmlError[] }>;
}
