# The whole set-up in one step, sourced so that the Node it chooses stays on PATH for this shell:
#   source scripts/setup.sh        (bash, zsh)
#   . scripts/setup.sh             (sh, dash: from the clone's own folder)
# A Node older than the package's lines (this project's machines have Node 20, past its end of life) is passed over:
# Node 24 comes from the npm registry (scripts/node-line.sh) and goes first on PATH; then `npm ci` installs and
# builds. Sourcing it again in a new shell fetches nothing twice. No `set -e`: an error must not close the caller's shell.
# SC_SETUP_DRY_RUN=1 says what it would fetch and run, and does neither.
sc_setup_root=''
if [ -n "${BASH_VERSION:-}" ]; then
  # Inside eval: a POSIX shell never parses bash's array syntax.
  eval 'sc_setup_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"'
elif [ -n "${ZSH_VERSION:-}" ]; then
  eval 'sc_setup_root="$(cd "$(dirname "${(%):-%x}")/.." && pwd)"'
elif [ -f "./scripts/setup.sh" ] && [ -f "./package.json" ]; then
  # sh and dash cannot tell where a sourced file is: the clone's folder must be the current one.
  sc_setup_root="$(pwd)"
else
  echo "setup: sourced by a shell that cannot tell where this file is (sh, dash): run it from the clone's folder (cd <clone> && . scripts/setup.sh), or with bash (source scripts/setup.sh)" >&2
fi
if [ -n "$sc_setup_root" ]; then
  sc_setup_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$sc_setup_major" -lt 22 ]; then
    if [ -n "${SC_SETUP_DRY_RUN:-}" ]; then
      echo "setup: would fetch Node 24 (node-line.sh) and put it first on PATH" >&2
    elif sc_setup_bin="$("$sc_setup_root/scripts/node-line.sh" 24)"; then
      export PATH="$sc_setup_bin:$PATH"
    else
      echo "setup: could not fetch Node 24 from the npm registry; install Node 22, 24 or 26 and run npm ci" >&2
    fi
  fi
  echo "setup: node $(node --version), npm $(npm --version)" >&2
  if [ -n "${SC_SETUP_DRY_RUN:-}" ]; then
    echo "setup: would run npm ci --no-audit --no-fund in $sc_setup_root" >&2
  else
    (cd "$sc_setup_root" && npm ci --no-audit --no-fund)
  fi
fi
unset sc_setup_root sc_setup_major sc_setup_bin
