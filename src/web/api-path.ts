/** `/api` and everything under it answers in JSON, known or not. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}
