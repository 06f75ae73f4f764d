#!/usr/bin/env bash
# The Action's install step: builds the suite in the Action's own folder (a fresh checkout has no node_modules
# and no dist/); does nothing when both are there already.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
if [ -f dist/cli/main.js ] && [ -d node_modules ]; then
  echo "sagemaker-conformance $(node bin/sagemaker-conformance.cjs --version) already built in $GITHUB_ACTION_PATH"
  exit 0
fi
npm ci --no-audit --no-fund --loglevel error
echo "sagemaker-conformance $(node bin/sagemaker-conformance.cjs --version) built in $GITHUB_ACTION_PATH"
