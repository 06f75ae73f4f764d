#!/usr/bin/env bash
# The Action's run step: runs the suite from the workspace, records its exit code and counts as step outputs,
# and appends conformance.md to the job summary. It never fails itself: the Action's last step fails by the
# recorded exit code, after the reports are uploaded.
set -uo pipefail
cd "${GITHUB_WORKSPACE:-.}"
args=(run --target "$INPUT_TARGET" --report-dir "${INPUT_REPORT_DIR:-conformance-reports}" --region "${INPUT_REGION:-us-east-1}")
[ -n "${INPUT_EDITION:-}" ] && args+=(--edition "$INPUT_EDITION")
# The input's old name: the command checks that both agree when both are given.
[ -n "${INPUT_SPEC:-}" ] && args+=(--spec "$INPUT_SPEC")
[ -n "${INPUT_EXPECTATIONS:-}" ] && args+=(--expectations "$INPUT_EXPECTATIONS")
# Extra flags are words as a shell splits them, quotes honoured (--only 'EndpointConfigName.*' is two words, the
# second without its quotes), and nothing expanded or run: xargs reads quotes and backslashes, never $() or globs.
extra=()
if [ -n "${INPUT_ARGS:-}" ]; then
  words=$(mktemp)
  if ! printf '%s' "$INPUT_ARGS" | xargs printf '%s\0' >"$words" 2>/dev/null; then
    echo "sagemaker-conformance: the Action's args input is not shell words (an unmatched quote?): $INPUT_ARGS" >&2
    echo "exit-code=2" >>"$GITHUB_OUTPUT"
    [ -n "${GITHUB_STEP_SUMMARY:-}" ] && echo "sagemaker-conformance did not run: the args input has an unmatched quote." >>"$GITHUB_STEP_SUMMARY"
    rm -f "$words"
    exit 0
  fi
  while IFS= read -r -d '' word; do extra+=("$word"); done <"$words"
  rm -f "$words"
fi
args+=("${extra[@]}")
summary_file=$(mktemp)
node "$GITHUB_ACTION_PATH/bin/sagemaker-conformance.cjs" "${args[@]}" | tee "$summary_file"
code=${PIPESTATUS[0]}
echo "exit-code=$code" >>"$GITHUB_OUTPUT"
echo "summary=$(grep -E '^[0-9]+ passed, ' "$summary_file" | tail -1)" >>"$GITHUB_OUTPUT"
rm -f "$summary_file"
report="${INPUT_REPORT_DIR:-conformance-reports}/conformance.md"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  if [ -f "$report" ]; then
    # GitHub refuses a step summary over 1 MiB and then shows none of it. conformance.md opens with the counts,
    # scores and deviation groups, so a report past the limit is cut at a line (an open code fence closed) with a
    # pointer to the whole file in the artifact; the cut is counted in bytes (LC_ALL=C), as GitHub counts.
    LC_ALL=C awk -v limit=$((1024 * 1024 - 4096)) '
      { n = length($0) + 1; if (used + n > limit) { cut = 1; exit } print; used += n
        if (match($0, /^(```+|~~~+)/)) { f = substr($0, 1, RLENGTH); if (fence == "") fence = f; else if (f == fence) fence = "" } }
      END { if (cut) { if (fence != "") print fence; print ""
        print "_This summary stops here: a job summary may hold 1 MiB. The whole conformance.md is in the uploaded reports._" } }
    ' "$report" >>"$GITHUB_STEP_SUMMARY"
  else
    echo "sagemaker-conformance wrote no report (exit code $code): see the step's log." >>"$GITHUB_STEP_SUMMARY"
  fi
fi
exit 0
