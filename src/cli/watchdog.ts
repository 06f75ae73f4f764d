import { Worker } from 'node:worker_threads';

/**
 * How long the event loop may be held by one piece of synchronous work before the process is stopped. Signal
 * handlers run on the loop: while something holds it (a regex gone quadratic on a target's text, say), SIGTERM
 * and Ctrl-C are queued, not heard. Nothing the suite does holds it for more than a second or two on a loaded
 * machine, so a loop held this long is a runaway, and the process ends rather than ignore being told to.
 */
export const BLOCKED_LOOP_LIMIT_MS = 10000;

/** How often the loop says it is turning. */
const BEAT_MS = 250;

// The watchdog's whole source: it runs on its own thread, so it keeps time while the main thread's loop is held.
// It writes with writeSync (a worker's process.stderr goes through the main thread, which is the one held).
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const beat = new BigInt64Array(workerData.beat);
const sleep = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  Atomics.wait(sleep, 0, 0, ${BEAT_MS});
  const held = Date.now() - Number(Atomics.load(beat, 0));
  if (held > workerData.limitMs) {
    try { writeSync(2, workerData.message.replace('{s}', String(Math.round(held / 1000))) + '\\n'); } catch {}
    process.kill(process.pid, 'SIGKILL');
  }
}`;

/**
 * Starts a watchdog thread that ends the process (SIGKILL, after one line on stderr) when the event loop has not
 * turned for `limitMs`: a held loop never keeps a stop signal waiting past that. The report folder keeps the
 * placeholder written at the start ("ended without finishing (crashed or killed)"). Returns a function that stops it.
 *
 * @example
 * const stop = startWatchdog('run k3x9q2'); try { ... } finally { stop(); }
 */
export function startWatchdog(what: string, limitMs = BLOCKED_LOOP_LIMIT_MS): () => void {
  const shared = new SharedArrayBuffer(8);
  const beat = new BigInt64Array(shared);
  const tick = () => Atomics.store(beat, 0, BigInt(Date.now()));
  tick();
  const timer = setInterval(tick, BEAT_MS);
  timer.unref();
  const message = `sagemaker-conformance: ${what}: the event loop was held for {s} s (a runaway computation): stopping the process; the report folder keeps its placeholder, and resources this run created may remain`;
  const thread = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { beat: shared, limitMs, message } });
  thread.unref();
  return () => {
    clearInterval(timer);
    void thread.terminate();
  };
}
