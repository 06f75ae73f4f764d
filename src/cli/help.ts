/** The top-level help, listing every registered command. */
export function commandHelp(commands: Record<string, { summary: string }>): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `sagemaker-conformance: conformance tests for Amazon SageMaker's CreateEndpointConfig

Usage: sagemaker-conformance <command> [flags]

Commands:
${lines.join('\n')}

Run 'sagemaker-conformance <command> --help' for a command's flags.
Exit codes: 0 every case passed or matched the expectations; 1 a case failed, errored or
passed unexpectedly, or a resource could not be deleted; 2 the run could not start (bad arguments,
target unreachable, set-up refused); 130/143 interrupted.`;
}

export const RUN_HELP = `Usage: sagemaker-conformance run [flags]

Targets (--target):
  mock            the built-in reference mock on a free loopback port (default)
  mock:FAULT      the mock with a deliberate deviation switched on (see 'mock --list-faults')
  moto            starts moto_server on a free loopback port and stops it afterwards
  http(s)://...   any SageMaker-compatible endpoint (AWS_ENDPOINT_URL_SAGEMAKER is the default if set)
  aws             the region's real endpoint; refused unless --allow-aws is given

Flags:
  --target T            where to send requests (default: mock)
  --region R            signing region (default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1)
  --profile P           AWS profile for credentials (default: the standard chain / AWS_PROFILE)
  --allow-aws           allow --target aws (creates and deletes real, free resources)
  --report-dir DIR      where to write conformance.{json,md,html} and junit.xml (default: reports)
  --only GLOB           run only cases whose id matches (repeatable or comma-separated; * and ?)
  --expectations FILE   known deviations of the target: {"<case id>": "<reason>"}
  --model-name NAME     use this existing model instead of creating one
  --concurrency N       cases in flight at once (default: 4)
  --timeout D           per-request timeout, e.g. 10s or 500ms (default: 10s)
  --run-id ID           name the run (default: random); every created name starts sc-<run id>
  -h, --help            this help

Examples:
  npx sagemaker-conformance run
  npx sagemaker-conformance run --target moto --expectations fixtures/expectations/moto.json
  npx sagemaker-conformance run --only 'EndpointConfigName.*' --report-dir out`;

export const LIST_HELP = `Usage: sagemaker-conformance list [--only GLOB] [--json]

Prints every case the spec generates: id, expected outcome and title (or the whole table as JSON).`;

export const MOCK_HELP = `Usage: sagemaker-conformance mock [--port N] [--fault FAULT ...] [--list-faults]

Serves the reference mock on 127.0.0.1 until interrupted. It speaks SageMaker's awsJson1.1 protocol
and validates CreateEndpointConfig exactly as the spec says. POST /mock-api/reset clears its state.

Flags:
  --port N        port to listen on (default: a free one, printed at start)
  --fault FAULT   switch on a deliberate deviation from the spec (repeatable)
  --list-faults   print the known faults and exit`;

export const SELFTEST_HELP = `Usage: sagemaker-conformance selftest [--fault FAULT ...] [--concurrency N]

Runs the whole case table against the reference mock, first as the spec says (every case must pass), then
once with each fault switched on (see 'mock --list-faults'), and prints which cases caught each fault and
the score. Faults no request can tell from the spec (equivalent mutants) are listed with the reason and
left out of the score. Exit 0 when the clean mock passes and every fault is caught, 1 otherwise.

Flags:
  --fault FAULT     only these faults (repeatable or comma-separated; default: all)
  --concurrency N   runs in flight at once, each against a mock of its own (default: 4)`;
