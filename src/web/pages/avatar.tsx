/** @jsxImportSource hono/jsx */
import { avatarOf } from './format.ts';

/** Initials on a colour derived from the name: no remote images, works offline. */
export function Avatar({ name, size }: { name: string; size: 'sm' | 'md' }) {
  const { initials, hue } = avatarOf(name);
  return (
    <span class={`avatar avatar-${size}`} style={`--hue:${hue}`} aria-hidden="true">
      {initials}
    </span>
  );
}
