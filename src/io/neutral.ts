/**
 * Neutralises text a target controls before it reaches a terminal, a CI log or a Markdown page. A target's error
 * code and message are data: they must not move a cursor, write a clipboard (OSC 52), retitle a window, start a
 * GitHub Actions workflow command (`::error`, `::add-mask::`), forge the counts line, or become HTML in a job summary.
 */

/**
 * C0 controls, DEL, C1 controls, and the Unicode characters that reorder or break lines (bidi overrides and
 * isolates, line and paragraph separators, the BOM).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function visibleEscape(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One printable line: every control or line-breaking character shown as a visible escape (`\e[2K`, `\n`). */
export function printable(text: string): string {
  return text.replace(CONTROL, visibleEscape);
}

/**
 * Text for HTML, on one printable line: control characters shown as visible escapes (a report read in a browser
 * or a terminal shows what the target sent, never acts on it), then `&<>"'` as entities. The one HTML escape every
 * page and section of a report uses.
 */
export function htmlText(text: string): string {
  return printable(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Lines a CI runner would take for a command: GitHub's `::cmd` and `##[cmd]` at a line's start, Azure's `##vso[`. */
const COMMAND_START = /^(\s*)(::|##\[)/;

/** A line that is not a workflow command: a leading `::` or `##[` has its first character shown escaped. */
export function notACommand(line: string): string {
  return line
    .replace(COMMAND_START, (_, space: string, start: string) => `${space}${start === '::' ? '\\x3a:' : '\\x23#['}`)
    .replace(/##vso\[/gi, '\\x23#vso[');
}

/** The suite's own colour codes (SGR), the only escape sequences it writes itself. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[[0-9;]*m/g;

/**
 * The last line of defence for a whole output stream (stdout, stderr, Pact's verifier output relayed): escapes
 * every control character but newline, tab and the suite's own colour codes, and keeps any line from starting a
 * workflow command. Target text is made one printable line where it is composed (`printable`), so it cannot add
 * lines either; this catches what reaches a stream by any other way.
 */
export function neutraliseOutput(text: string): string {
  const kept: string[] = [];
  const masked = text.replace(OWN_SGR, (sgr) => {
    kept.push(sgr);
    return '\u0000';
  });
  let i = 0;
  const escaped = masked.replace(CONTROL, (ch) => (ch === '\u0000' ? (kept[i++] ?? '') : ch === '\n' || ch === '\t' ? ch : visibleEscape(ch)));
  return escaped.split('\n').map(notACommand).join('\n');
}

/**
 * A stream whose every write is neutralised line by line (what a target put into a line cannot start a workflow
 * command even when a write holds part of a line).
 */
export function neutralisingStream<T extends { write: (chunk: string) => unknown; isTTY?: boolean }>(stream: T): T {
  let atLineStart = true;
  const wrapped = {
    write: (chunk: string) => {
      const text = String(chunk);
      // A chunk that continues a line is neutralised with the line's start in mind only when it begins one.
      const out = atLineStart ? neutraliseOutput(text) : continuation(text);
      if (text.length > 0) atLineStart = text.endsWith('\n');
      return stream.write(out);
    },
  };
  Object.defineProperty(wrapped, 'isTTY', { get: () => stream.isTTY, enumerable: true });
  return wrapped as unknown as T;
}

function continuation(text: string): string {
  const nl = text.indexOf('\n');
  if (nl < 0) return neutraliseOutput(`x${text}`).slice(1);
  return neutraliseOutput(`x${text.slice(0, nl + 1)}`).slice(1) + neutraliseOutput(text.slice(nl + 1));
}

/**
 * Characters Markdown (CommonMark, GFM tables) gives a meaning to inside a line, escaped with a backslash: emphasis,
 * code, links and images (`[`), table cells, strike-through. (Target text never starts a line of ours.)
 */
const MARKDOWN = /[\\`*_[\]|~]/g;

/**
 * Target text as Markdown text: one printable line, HTML's `&`, `<` and `>` as entities (a job summary renders
 * HTML), and Markdown's punctuation backslash-escaped, so it shows as written and links, images and tables cannot
 * be forged.
 */
export function markdownText(text: string): string {
  return printable(text)
    .replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'))
    .replace(MARKDOWN, (ch) => `\\${ch}`);
}

/**
 * Text from a report (a case id, a target's name) as a whole Markdown code span: one printable line, fenced by more
 * backticks than any run inside it so it cannot close early and become live Markdown or HTML, and `|` escaped so
 * it cannot split a table cell (GFM undoes that escape inside a cell).
 */
export function markdownCode(text: string): string {
  const body = printable(text).replace(/\|/g, '\\|');
  let longest = 0;
  let run = 0;
  for (const ch of body) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space between it and the fence (CommonMark strips one each side).
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
