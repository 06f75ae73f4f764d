// Preloaded with `node -r` into a CLI process: after $SC_HOLD_LOOP_AFTER_MS it holds the event loop for ever, as a
// runaway computation on a target's answer would (signal handlers, which run on the loop, are then never heard).
const after = Number(process.env.SC_HOLD_LOOP_AFTER_MS);
if (after > 0)
  setTimeout(() => {
    process.stderr.write('holding the event loop\n');
    for (;;);
  }, after).unref();
