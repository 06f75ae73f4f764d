import { RE2JS } from 're2js';
import { Worker } from 'node:worker_threads';

/**
 * Patterns someone else wrote (a Smithy model's `@pattern`, an overlay's), matched against text someone else sent
 * (an overlay's samples, a request body the mock or the validator checks), so that no pattern can hang the suite.
 *
 * A pattern runs on RE2 (re2js, a pure JavaScript port: linear in the input, no backtracking) wherever RE2 can run
 * it; that is 208 of the 229 patterns in SageMaker's model. The rest use what RE2 has no linear algorithm for
 * (lookahead, counted repeats past 1000, surrogate ranges): those run on JavaScript's own engine in a worker thread
 * with a time limit, and a match that has not finished by then is `undecided` and the worker is stopped.
 */

/** How long one match on JavaScript's engine may take before it is given up as undecided. */
export const PATTERN_TIME_LIMIT_MS = 1000;

export type MatchOutcome = true | false | 'undecided';

/** A compiled pattern: `match` says whether it matches anywhere in the text, or that it could not tell in time. */
export interface SafePattern {
  readonly source: string;
  readonly flags: string;
  /** `linear`: RE2, linear in the text; `bounded`: JavaScript's engine under the time limit. */
  readonly engine: 'linear' | 'bounded';
  match(text: string): MatchOutcome;
  /** `match`, an undecided match counted as no match (a value that cannot be shown to fit a pattern does not fit it). */
  test(text: string): boolean;
}

function re2Flags(flags: string): number {
  let out = RE2JS.LOOKBEHINDS;
  if (flags.includes('i')) out |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('s')) out |= RE2JS.DOTALL;
  if (flags.includes('m')) out |= RE2JS.MULTILINE;
  return out;
}

/** Matches on RE2 are remembered per pattern for texts up to this long, at most this many. */
const MEMO_TEXT = 256;
const MEMO_SIZE = 1024;

function linear(source: string, flags: string): SafePattern | undefined {
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(RE2JS.translateRegExp(source), re2Flags(flags));
  } catch {
    return undefined;
  }
  // The validator and the mock test the same short values again and again (generated requests draw them from small
  // sets): a match on RE2 costs far more than a lookup. Only short texts are kept, and at most MEMO_SIZE of them.
  const memo = new Map<string, boolean>();
  const match = (text: string) => {
    if (text.length > MEMO_TEXT) return re2.test(text);
    let found = memo.get(text);
    if (found === undefined) {
      found = re2.test(text);
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(text, found);
    }
    return found;
  };
  return { source, flags, engine: 'linear', match, test: match };
}

// The worker's whole source: it runs each match it is sent and writes the answer where the caller is waiting.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const answer = new Int32Array(workerData);
const compiled = new Map();
parentPort.on('message', ({ source, flags, text }) => {
  let found = 3;
  try {
    let regex = compiled.get(flags + '/' + source);
    if (!regex) compiled.set(flags + '/' + source, (regex = new RegExp(source, flags)));
    found = regex.test(text) ? 1 : 2;
  } catch {}
  Atomics.store(answer, 0, found);
  Atomics.notify(answer, 0);
});`;

let worker: { thread: Worker; answer: Int32Array } | undefined;

/** The text matched on JavaScript's engine in the worker, waited for synchronously up to the time limit. */
function matchInWorker(source: string, flags: string, text: string, limitMs: number): MatchOutcome {
  if (!worker) {
    const shared = new SharedArrayBuffer(4);
    const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: shared });
    // The worker never keeps the process alive, and a worker that dies unheard is made again on the next match.
    thread.unref();
    thread.on('error', () => undefined);
    worker = { thread, answer: new Int32Array(shared) };
  }
  const { thread, answer } = worker;
  Atomics.store(answer, 0, 0);
  thread.postMessage({ source, flags, text });
  if (Atomics.wait(answer, 0, 0, limitMs) === 'timed-out') {
    // Stopping the thread stops the match: V8 interrupts a backtracking match as it would any other script.
    void thread.terminate();
    worker = undefined;
    return 'undecided';
  }
  const found = Atomics.load(answer, 0);
  return found === 1 ? true : found === 2 ? false : 'undecided';
}

function bounded(source: string, flags: string, limitMs: number): SafePattern {
  // Compiling is not matching: a pattern JavaScript cannot compile throws here, in the caller's words.
  new RegExp(source, flags);
  const match = (text: string) => matchInWorker(source, flags, text, limitMs);
  return { source, flags, engine: 'bounded', match, test: (text) => match(text) === true };
}

const cache = new Map<string, SafePattern>();

/**
 * A pattern that cannot hang: RE2 where RE2 runs it, else JavaScript's engine under a time limit. Throws (as
 * `new RegExp` does) for a pattern JavaScript cannot compile either.
 *
 * @example
 * safePattern('^(a+)+b$').match('a'.repeat(40) + '!'); // false, in about a millisecond
 */
export function safePattern(source: string, flags = '', limitMs = PATTERN_TIME_LIMIT_MS): SafePattern {
  const key = `${limitMs}/${flags}/${source}`;
  let found = cache.get(key);
  if (!found) {
    found = linear(source, flags) ?? bounded(source, flags, limitMs);
    if (cache.size > 4096) cache.clear();
    cache.set(key, found);
  }
  return found;
}
