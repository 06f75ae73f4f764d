// Whether this Node is older than every line package.json's `engines` names (`^22.12.0 || ^24.0.0 || ^26.0.0`):
// read before anything else loads, so the warning comes once, first, in one line. Plain CommonJS with no
// dependencies: it must run on the old Node it warns about.
'use strict';

/** `[major, minor, patch]` of `22.12.0` or `v20.20.2`. */
function parts(version) {
  return String(version)
    .replace(/^v/, '')
    .split('.')
    .map((n) => Number.parseInt(n, 10) || 0);
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) - (b[i] || 0);
  return 0;
}

/** True when `version` is below the lowest version `range` accepts (its `^`, `>=` or plain bounds). */
function olderThan(version, range) {
  const lows = String(range)
    .split('||')
    .map((r) => /(\d+(?:\.\d+){0,2})/.exec(r))
    .filter(Boolean)
    .map((m) => parts(m[1]));
  if (lows.length === 0) return false;
  const lowest = lows.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
  return compare(parts(version), lowest) < 0;
}

/** The one warning line, or undefined when this Node is one the package supports (or newer). */
function nodeLineWarning(version, range) {
  if (!range || !olderThan(version, range)) return undefined;
  return `sagemaker-conformance: warning: Node ${String(version).replace(/^v/, '')} is older than the lines this package supports (${range}); it may fail in ways the suite cannot explain. Use Node 22.12 or later (. scripts/setup.sh puts one on PATH in a clone).\n`;
}

module.exports = { olderThan, nodeLineWarning };
