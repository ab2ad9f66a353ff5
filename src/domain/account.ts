/**
 * Accounts: who may sign in and what their names look like. Paperboy has no
 * passwords: a person proves an email address by following a link mailed to
 * it (a *sign-in link*), and a *session* keeps them signed in on one browser.
 * An *API token* does the same for scripts. The users table also holds the
 * people named by imported Daily Papers listings ("submitted by akhaliq"):
 * those are *upstream users* with no email, who can never sign in.
 */
import { invalidInput } from './errors.ts';

/** Who is asking: a signed-in account. */
export interface Viewer {
  readonly id: number;
  readonly username: string;
  readonly isAdmin: boolean;
}

export interface Account extends Viewer {
  readonly email: string;
  readonly fullname: string | null;
  readonly createdAt: string;
}

/** A sign-in link is good for this long, and only once. */
export const SIGN_IN_LINK_MINUTES = 15;
/** A session lasts this long without use; every use extends it (at most once an hour). */
export const SESSION_DAYS = 30;

export const USERNAME_RULE = '3–30 characters: lowercase letters, digits, “-” and “_”, starting with a letter or digit';
const USERNAME = /^[a-z0-9][a-z0-9_-]{2,29}$/;
/** Names that would read as the site speaking, or collide with routes. */
const RESERVED = new Set(['admin', 'administrator', 'paperboy', 'root', 'system', 'moderator', 'support', 'settings', 'api', 'signin', 'signout', 'about', 'null', 'undefined', 'anonymous']);

/** Deliberately plain: one @, something on each side, a dot in the domain, no spaces or angle brackets. */
const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\].]+$/;
export const MAX_EMAIL_LENGTH = 254;

/** The address in the form we store and compare it in (trimmed, lowercase), or an invalid_input error saying what is wrong. */
export function normaliseEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email === '') throw invalidInput('Enter your email address.');
  if (email.length > MAX_EMAIL_LENGTH) throw invalidInput(`That address is longer than ${MAX_EMAIL_LENGTH} characters.`);
  if (!EMAIL.test(email)) throw invalidInput(`“${input.trim()}” does not look like an email address (name@example.org).`);
  return email;
}

export function checkUsername(input: string): string {
  const name = input.trim();
  if (!USERNAME.test(name)) throw invalidInput(`“${name}” cannot be a username: use ${USERNAME_RULE}.`);
  if (RESERVED.has(name)) throw invalidInput(`“${name}” is reserved; pick another username.`);
  return name;
}

export const MAX_FULLNAME_LENGTH = 80;

/** A display name: trimmed, no control characters, at most MAX_FULLNAME_LENGTH; empty → null. */
export function checkFullname(input: string): string | null {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name === '') return null;
  if (/\p{Cc}/u.test(name)) throw invalidInput('A name cannot contain control characters.');
  if ([...name].length > MAX_FULLNAME_LENGTH) throw invalidInput(`A name is at most ${MAX_FULLNAME_LENGTH} characters.`);
  return name;
}

/**
 * Username candidates for a new account made from its email: the local part
 * cleaned up (`Jane.Doe+papers@x.org` → `jane-doe`), then with 2, 3, … appended.
 */
export function usernameCandidates(email: string): string[] {
  let base = email
    .split('@')[0]!
    .split('+')[0]!
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 24);
  if (base.length < 3 || RESERVED.has(base)) base = `reader${base ? `-${base}` : ''}`.slice(0, 24);
  const out = [base];
  for (let i = 2; i < 50; i += 1) out.push(`${base}${i}`);
  return out;
}

export const API_TOKEN_PREFIX = 'pb_';
export const MAX_API_TOKEN_NAME = 60;

export function checkTokenName(input: string): string {
  const name = input.trim();
  if (name === '') throw invalidInput('Give the token a name (what will use it?).');
  if ([...name].length > MAX_API_TOKEN_NAME || /\p{Cc}/u.test(name)) throw invalidInput(`A token name is at most ${MAX_API_TOKEN_NAME} characters, no control characters.`);
  return name;
}
