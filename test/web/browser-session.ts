/**
 * A browser for in-process tests of the web app: keeps cookies between
 * requests, finds a page's CSRF token and sends forms like a browser would.
 */
import type { Hono } from 'hono';

export class BrowserSession {
  readonly cookies = new Map<string, string>();

  constructor(private readonly app: Hono) {}

  async request(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await this.app.request(path, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, ...(body !== undefined ? { body } : {}) });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** The CSRF token of a page (loads it, which also sets the cookie). */
  async csrfFrom(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  /** Loads `pagePath` for its token, then posts `form` (with the token) to `action`. */
  async submit(pagePath: string, action: string, form: Record<string, string>): Promise<Response> {
    const token = await this.csrfFrom(pagePath);
    return this.request(action, { form: { _csrf: token, ...form } });
  }
}
