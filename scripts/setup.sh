# The whole set-up in one step, sourced so that the Node it chooses stays on PATH for this shell:
#   source scripts/setup.sh
# A Node older than the package's lines (this project's machines have Node 20, past its end of life) is passed over:
# Node 24 comes from the npm registry (scripts/node-line.sh) and goes first on PATH; then `npm ci` installs and
# builds. Sourcing it again in a new shell fetches nothing twice. No `set -e`: an error must not close the caller's shell.
sc_setup_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
sc_setup_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$sc_setup_major" -lt 22 ]; then
  if sc_setup_bin="$("$sc_setup_root/scripts/node-line.sh" 24)"; then
    export PATH="$sc_setup_bin:$PATH"
  else
    echo "setup: could not fetch Node 24 from the npm registry; install Node 22, 24 or 26 and run npm ci" >&2
  fi
fi
echo "setup: node $(node --version), npm $(npm --version)" >&2
(cd "$sc_setup_root" && npm ci --no-audit --no-fund)
unset sc_setup_root sc_setup_major sc_setup_bin
