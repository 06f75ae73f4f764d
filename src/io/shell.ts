/**
 * Shell words for lines a person pastes (a repro's aws and curl lines, explore's replay line): each reads back in a
 * POSIX shell (sh, bash, zsh) as exactly the text it was made from, so nothing in a value is expanded or run.
 */

// eslint-disable-next-line no-control-regex
const UNQUOTABLE = /[\u0000-\u001f\u007f]/;

/**
 * One shell word holding `text` exactly: single quotes, each `'` written `'\''`. Text with a control character
 * (which a single-quoted word would carry raw into a report) uses bash's `$'...'` escapes.
 */
export function shellQuote(text: string): string {
  if (!UNQUOTABLE.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\\']|[\u0000-\u001f\u007f]/g, (ch) =>
    ch === '\\' || ch === "'" ? `\\${ch}` : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `$'${escaped}'`;
}

/** The same word, left plain where no shell would read anything into it (a flag, a URL, a region). */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : shellQuote(text);
}
