/** Types of node-line.cjs, for the tests that call it. */
export function olderThan(version: string, range: string): boolean;
export function nodeLineWarning(version: string, range: string | undefined): string | undefined;
