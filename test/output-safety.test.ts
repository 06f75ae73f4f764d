import { markdownText, neutraliseOutput, printable } from '../src/io/neutral';
import { addSecrets, ESCAPED_PLACEHOLDER, redact, redactValue } from '../src/client/redact';
import { brief } from '../src/report/model';
import { cutDepth, nestingDepth, parseBoundedJson } from '../src/io/bounded-json';
import { pactEnvironment } from '../src/client/agents';
import { parseTarget } from '../src/target/targets';

const ESC = '\u001b';

describe('printable and neutraliseOutput', () => {
  it('shows control characters, line breaks and bidi overrides as visible escapes', () => {
    expect(printable(`a\nb\r${ESC}[2K${ESC}]52;c;eA==\u0007\u202e\u2028\u0085`)).toBe('a\\nb\\r\\e[2K\\e]52;c;eA==\\x07\\u202e\\u2028\\x85');
  });

  it("keeps the suite's own colours and newlines, and no line starts a workflow command", () => {
    const out = neutraliseOutput(`\u001b[32m✓ ok\u001b[0m\n::error::x\n  ::add-mask::y\n##[error]z\nfine ##vso[task.setvariable]w\n${ESC}]0;t\u0007`);
    expect(out.split('\n')).toEqual([
      '\u001b[32m✓ ok\u001b[0m',
      '\\x3a:error::x',
      '  \\x3a:add-mask::y',
      '\\x23#[error]z',
      'fine \\x23#vso[task.setvariable]w',
      '\\e]0;t\\x07',
    ]);
  });

  it('escapes Markdown and HTML in target text', () => {
    expect(markdownText('<img src=x> | **b** [l](u) `c` &amp;\n::x')).toBe('&lt;img src=x&gt; \\| \\*\\*b\\*\\* \\[l\\](u) \\`c\\` &amp;amp;\\\\n::x');
  });
});

describe('redaction', () => {
  const TOKEN = 'FwoGZXIvYXdzEJr0123TOKENvalueQwErTy98765';
  beforeAll(() => addSecrets(TOKEN, 'AKIAZZZZ0123456789QQ'));

  it('removes any 12-character run of a known secret, but not word-like runs', () => {
    expect(redact(`cut: ${TOKEN.slice(3, 20)}… and ${TOKEN.slice(-12)}`)).toBe('cut: <redacted>… and <redacted>');
    expect(redact(`${TOKEN.slice(0, 11)}`)).toBe(TOKEN.slice(0, 11));
  });

  it('redacts first, then shortens: no piece of a secret survives a cut', () => {
    const text = `${'x'.repeat(150)}${TOKEN}${'y'.repeat(100)}`;
    expect(brief(text)).not.toContain(TOKEN.slice(0, 8));
  });

  it('uses the escaped placeholder for escaped documents and redacts values as data', () => {
    expect(redact(`<m>${'ab'.repeat(32)}</m>`, [], ESCAPED_PLACEHOLDER)).toBe('<m>&lt;redacted&gt;</m>');
    const shared = { body: `token ${TOKEN}` };
    const value = redactValue({ a: shared, b: shared, [TOKEN]: 1 });
    expect(value).toEqual({ a: { body: 'token <redacted>' }, b: { body: 'token <redacted>' }, '<redacted>': 1 });
    expect(value.a).toBe(value.b);
  });
});

describe('bounded JSON', () => {
  it('counts nesting without parsing, and cuts at the budget', () => {
    expect(nestingDepth('{"a":"[[[[","b":[[1]]}')).toBe(3);
    const deep = `${'['.repeat(50)}${']'.repeat(50)}`;
    const { value, cut } = parseBoundedJson(`{"x":${deep}}`, 4);
    expect(cut).toBe(true);
    expect(JSON.stringify(value)).toBe('{"x":[[["<cut: nested deeper than 4 levels>"]]]}');
    expect(cutDepth({ a: [1] }, 4)).toEqual({ value: { a: [1] }, cut: false });
  });
});

describe('the agent policy for Pact', () => {
  it("replaces the proxy variables: the target's proxy with loopback excluded, or none; metrics off", () => {
    const set = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '127.0.0.1' };
    const original = { ...process.env };
    Object.assign(process.env, set, { HTTP_PROXY: '', http_proxy: '', https_proxy: '', no_proxy: '', all_proxy: '', ALL_PROXY: '' });
    try {
      expect(pactEnvironment('http://127.0.0.1:4566', {})).toMatchObject({
        HTTPS_PROXY: undefined,
        HTTP_PROXY: undefined,
        NO_PROXY: undefined,
        PACT_DO_NOT_TRACK: 'true',
      });
      expect(pactEnvironment('https://api.sagemaker.eu-west-1.amazonaws.com', {})).toMatchObject({
        HTTPS_PROXY: 'http://proxy:3128',
        NO_PROXY: 'localhost,127.0.0.1,::1,[::1]',
      });
      expect(pactEnvironment('https://api.sagemaker.eu-west-1.amazonaws.com', {}, true).HTTPS_PROXY).toBeUndefined();
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in original)) delete process.env[k];
      Object.assign(process.env, original);
    }
  });
});

describe('a target URL with userinfo', () => {
  it('is refused without printing the password', () => {
    expect(() => parseTarget('https://me:s3cr3t-pw@emulator.example:4566')).toThrow(/"https:\/\/emulator.example:4566" holds a user name or password/);
    try {
      parseTarget('http://me:s3cr3t-pw@[bad');
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cr3t');
    }
  });
});
