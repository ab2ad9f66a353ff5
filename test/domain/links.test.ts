import { describe, expect, it } from 'vitest';
import { acceptableLink, checkGithubRepo, checkLink, describeRejectedLink, MAX_LINK_LENGTH } from '../../src/domain/links.ts';

const rejected = (value: string, base?: string): string => {
  const r = checkLink(value, base);
  if (r.ok) throw new Error(`${JSON.stringify(value)} was accepted as ${r.url}`);
  return r.reason;
};

describe('checkLink', () => {
  it('accepts absolute http and https URLs with a host, as given', () => {
    for (const url of ['https://github.com/owner/name', 'http://example.org', 'https://example.org:8443/a/b?c=d#e', 'HTTPS://Example.ORG/Path', 'https://[::1]/x']) {
      expect(checkLink(url)).toEqual({ ok: true, url });
    }
  });

  it('accepts unicode host names', () => {
    expect(checkLink('https://例え.jp/ページ')).toEqual({ ok: true, url: 'https://例え.jp/ページ' });
    expect(checkLink('https://bücher.de')).toEqual({ ok: true, url: 'https://bücher.de' });
  });

  it('trims the spaces sources pad links with, and drops line breaks inside as browsers do', () => {
    expect(checkLink(' https://sites.google.com/view/adc-robot ')).toEqual({ ok: true, url: 'https://sites.google.com/view/adc-robot' });
    expect(checkLink('https://github.com/\nFightingFighting/NeuroAda.git')).toEqual({ ok: true, url: 'https://github.com/FightingFighting/NeuroAda.git' });
  });

  it.each([
    ['javascript:alert(1)', 'javascript: links are not allowed, only http(s)'],
    ['JaVaScRiPt:alert(1)', 'javascript: links are not allowed, only http(s)'],
    ['data:text/html,<script>alert(1)</script>', 'data: links are not allowed, only http(s)'],
    ['vbscript:msgbox(1)', 'vbscript: links are not allowed, only http(s)'],
    ['ftp://example.org/file', 'ftp: links are not allowed, only http(s)'],
    ['file:///etc/passwd', 'file: links are not allowed, only http(s)'],
  ])('rejects the scheme of %s', (value, reason) => {
    expect(rejected(value)).toBe(reason);
  });

  it('rejects javascript: hidden behind spaces, line breaks or control characters', () => {
    expect(rejected(' \t javascript:alert(1)')).toBe('javascript: links are not allowed, only http(s)');
    expect(rejected('java\nscript:alert(1)')).toBe('javascript: links are not allowed, only http(s)');
    expect(rejected('\u0001javascript:alert(1)')).toBe('contains spaces or control characters');
    expect(rejected('\u0000https://example.org')).toBe('contains spaces or control characters');
    expect(rejected('https://example.org/\u001b[2J')).toBe('contains spaces or control characters');
    expect(rejected('https://exa mple.org')).toBe('contains spaces or control characters');
  });

  it('rejects relative and protocol-relative links', () => {
    expect(rejected('//evil.example/x')).toBe('not an absolute http(s) URL');
    expect(rejected('/avatars/a.svg')).toBe('not an absolute http(s) URL');
    expect(rejected('owner/name')).toBe('not an absolute http(s) URL');
    expect(rejected('../x')).toBe('not an absolute http(s) URL');
    expect(rejected('example.org')).toBe('not an absolute http(s) URL');
  });

  it('rejects http(s) without a host', () => {
    expect(rejected('http://')).toBe('has no host');
    expect(rejected('https:///example.org')).toBe('has no host');
    expect(rejected('https:example.org')).toBe('has no host');
    expect(rejected('https:\\\\evil.example')).toBe('has no host');
    expect(rejected('http://@/x')).toBe('has no host');
  });

  it('rejects user names and passwords, and URLs that do not parse', () => {
    expect(rejected('https://github.com@evil.example/x')).toBe('carries a user name or password');
    expect(rejected('https://user:pw@example.org/')).toBe('carries a user name or password');
    expect(rejected('https://exa<mple.org/')).toBe('not a valid URL');
  });

  it('rejects very long values and empty ones', () => {
    const long = `https://example.org/${'a'.repeat(MAX_LINK_LENGTH)}`;
    expect(rejected(long)).toBe(`longer than ${MAX_LINK_LENGTH} characters`);
    expect(rejected(`https://example.org/${'a'.repeat(10 * MAX_LINK_LENGTH)}`)).toBe(`longer than ${MAX_LINK_LENGTH} characters`);
    expect(checkLink(`https://example.org/${'a'.repeat(MAX_LINK_LENGTH - 20)}`).ok).toBe(true);
    expect(rejected('   ')).toBe('empty');
  });

  it('makes root-relative paths absolute against the origin they came from, never protocol-relative ones', () => {
    expect(checkLink('/avatars/a.svg', 'https://huggingface.co')).toEqual({ ok: true, url: 'https://huggingface.co/avatars/a.svg' });
    expect(rejected('//evil.example/a.svg', 'https://huggingface.co')).toBe('not an absolute http(s) URL');
    expect(rejected('/\\evil.example/a.svg', 'https://huggingface.co')).toBe('not an absolute http(s) URL');
    expect(rejected('javascript:alert(1)', 'https://huggingface.co')).toBe('javascript: links are not allowed, only http(s)');
  });
});

describe('checkGithubRepo', () => {
  it('turns a GitHub owner/name into the URL the Daily Papers API serves', () => {
    expect(checkGithubRepo('google-research/envharness')).toEqual({ ok: true, url: 'https://github.com/google-research/envharness' });
    expect(checkGithubRepo(' owner/repo.js ')).toEqual({ ok: true, url: 'https://github.com/owner/repo.js' });
  });

  it('keeps repository URLs on any host', () => {
    expect(checkGithubRepo('https://github.com/owner/name')).toEqual({ ok: true, url: 'https://github.com/owner/name' });
    expect(checkGithubRepo('https://gitlab.com/group/project')).toEqual({ ok: true, url: 'https://gitlab.com/group/project' });
  });

  it('rejects what is neither a link nor a repository name', () => {
    for (const value of ['javascript:alert(1)', '-owner/name', 'owner/..', 'owner/name/extra', 'ow ner/name', '../etc']) {
      expect(checkGithubRepo(value).ok, value).toBe(false);
    }
  });
});

describe('acceptableLink', () => {
  it('keeps acceptable links and drops the rest', () => {
    expect(acceptableLink('https://example.org/x')).toBe('https://example.org/x');
    expect(acceptableLink('javascript:alert(1)')).toBeNull();
    expect(acceptableLink(null)).toBeNull();
    expect(acceptableLink('owner/name', checkGithubRepo)).toBe('https://github.com/owner/name');
  });
});

describe('describeRejectedLink', () => {
  it('names the paper, the field and why, quoting the value so control characters cannot reach a terminal', () => {
    expect(describeRejectedLink({ paperId: '2401.00001', field: 'paper.githubRepo', value: 'javascript:alert(1)', reason: 'javascript: links are not allowed, only http(s)' })).toBe(
      'paper 2401.00001: paper.githubRepo "javascript:alert(1)" dropped: javascript: links are not allowed, only http(s)',
    );
    expect(describeRejectedLink({ paperId: 'x', field: 'f', value: '\u001b[2Jhttps://a', reason: 'r' })).toBe('paper x: f "\\u001b[2Jhttps://a" dropped: r');
    expect(describeRejectedLink({ paperId: 'x', field: 'f', value: 'a'.repeat(500), reason: 'r' })).toBe(`paper x: f "${'a'.repeat(80)}…" dropped: r`);
  });
});
