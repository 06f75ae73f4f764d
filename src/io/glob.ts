/** Text matched literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The one glob of the suite, over case ids and interaction names: `*` any run of characters, `?` one character,
 * everything else literally; the whole text must match. `--only`, the self-test's fault selectors and `pact verify
 * --only` all read globs through it.
 */
export function globToRegExp(glob: string): RegExp {
  const source = escapeRegExp(glob).replace(/\\\*/g, '.*').replace(/\\\?/g, '.');
  return new RegExp(`^${source}$`);
}
