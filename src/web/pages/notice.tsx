/** @jsxImportSource hono/jsx */
/** A form's outcome above it: "Saved." (ok) or what to fix (error, announced to screen readers). Nothing when there is no message. */
export function Notice({ kind, message }: { kind: 'ok' | 'error'; message: string | null | undefined }) {
  if (!message) return null;
  if (kind === 'ok') return <p class="notice ok">{message}</p>;
  return (
    <p class="notice error" role="alert">
      {message}
    </p>
  );
}
