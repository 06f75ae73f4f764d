#!/usr/bin/env bash
# The Action's run step: runs the suite from the workspace, records its exit code and counts as step outputs,
# and appends conformance.md to the job summary. It never fails itself: the Action's last step fails by the
# recorded exit code, after the reports are uploaded.
set -uo pipefail
cd "${GITHUB_WORKSPACE:-.}"
args=(run --target "$INPUT_TARGET" --report-dir "${INPUT_REPORT_DIR:-conformance-reports}" --region "${INPUT_REGION:-us-east-1}")
[ -n "${INPUT_SPEC:-}" ] && args+=(--spec "$INPUT_SPEC")
[ -n "${INPUT_EXPECTATIONS:-}" ] && args+=(--expectations "$INPUT_EXPECTATIONS")
# Extra flags are split on white space, as a shell would (no quoting inside them).
read -r -a extra <<<"${INPUT_ARGS:-}"
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
    cat "$report" >>"$GITHUB_STEP_SUMMARY"
  else
    echo "sagemaker-conformance wrote no report (exit code $code): see the step's log." >>"$GITHUB_STEP_SUMMARY"
  fi
fi
exit 0
