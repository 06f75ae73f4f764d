/** Exit codes of a run stopped by a signal (128 + the signal's number), after its clean-up and report. */
export const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** How often the parent is checked: a wrapper (npm, npx, sh) that died leaves this process orphaned. */
const PARENT_CHECK_MS = 500;

/**
 * Calls `handler` on SIGINT, SIGTERM and SIGHUP (a closed terminal), and as SIGTERM when the process that started
 * this one goes away: `npm run` and `npx` end on SIGTERM without passing it on, and the run they started would
 * otherwise go on as an orphan. `again` is true from the second signal on. Returns a function that stops listening.
 *
 * @example
 * const stop = onStopSignals((signal, again) => (again ? process.exit(SIGNAL_EXIT[signal]) : controller.abort(signal)));
 */
export function onStopSignals(handler: (signal: NodeJS.Signals, again: boolean) => void): () => void {
  let count = 0;
  const on = (signal: NodeJS.Signals) => handler(signal, count++ > 0);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, on);
  const parent = process.ppid;
  let orphaned = false;
  const watch = setInterval(() => {
    if (orphaned || process.ppid === parent) return;
    orphaned = true;
    if (count === 0) on('SIGTERM');
  }, PARENT_CHECK_MS);
  watch.unref();
  return () => {
    clearInterval(watch);
    for (const signal of signals) process.off(signal, on);
  };
}
