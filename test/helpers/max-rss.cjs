// Preloaded with `node -r`: writes the process's peak resident memory (bytes) to $SC_MAX_RSS_FILE as it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.SC_MAX_RSS_FILE) writeFileSync(process.env.SC_MAX_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
