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
  --concurrency N       cases in flight at once (default: 4; 2 for aws)
  --timeout D           per-request timeout, e.g. 10s or 500ms (default: 10s)
  --run-id ID           name the run (default: random); every created name starts sc-<run id>
  --pact FILE|DIR       also verify these pact files against the same target (repeatable); the results
                        join this run's report (its contracts section) and its exit code
  --shard i/n           run only shard i of n (every n-th case of the stable case order, from the i-th)
  --baseline FILE       compare with an earlier conformance.json; drift goes to stdout and drift.md
  --fail-on-change      with --baseline: exit 1 when a case's outcome changed
  --execution-role-arn A  role of the run's own model (required with --target aws unless --model-name)
  --image URI           image of the run's own model (default: a public AWS inference image of the region)
  --retry-mode M        SDK retry mode, standard or adaptive (default: adaptive for aws, standard otherwise)
  --max-attempts N      SDK attempts per call (default: 10 for aws, 3 otherwise); throttled calls then
                        get up to 6 slower rounds and are never judged on a throttle
  --max-body SIZE       bytes of each response body read, e.g. 1MiB or 64KiB (default: 1MiB); a longer
                        body is counted, dropped, and errors its case
  -h, --help            this help

On --target aws the run first prints the account (STS GetCallerIdentity) and region, and stops if that
fails; --concurrency defaults to 2 there (control-plane rate limits are low).

Examples:
  npx sagemaker-conformance run
  npx sagemaker-conformance run --target moto --expectations fixtures/expectations/moto.json
  npx sagemaker-conformance run --only 'EndpointConfigName.*' --report-dir out`;

export const IMPORT_MODEL_HELP = `Usage: sagemaker-conformance import-model --operation NAME [--model FILE] [--overlay FILE] [--out DIR]

Reads an operation out of a Smithy 2.0 JSON AST model (AWS's own model of SageMaker) and writes the model
profile's spec for it: every member reachable from the input, with its required, length, range, pattern and
enum traits, each citing the shape and trait it comes from. The overlay adds what the model cannot say
(examples, pattern samples, rules stated in prose). Cases that would not test what they claim are left out
with the reason; constraints without a case are listed in uncovered/NAME.json with why.

Flags:
  --operation NAME    the operation, e.g. CreateEndpointConfig (required)
  --model FILE        the model (default: contracts/model/smithy/sagemaker-2017-07-24.json)
  --overlay FILE      the hand-written half (default: DIR/overlays/NAME.json; none is fine)
  --provenance FILE   where the model comes from (default: PROVENANCE.json beside the model)
  --out DIR           where to write operations/NAME.json and uncovered/NAME.json (default: contracts/model)
  -h, --help          this help

The same model and overlay always give the same bytes.`;

export const LIST_HELP = `Usage: sagemaker-conformance list [--only GLOB] [--json]

Prints every case the spec generates: id, expected outcome and title (or the whole table as JSON).`;

export const MOCK_HELP = `Usage: sagemaker-conformance mock [--spec model|seed] [--port N] [--region R] [--fault FAULT ...] [--list-faults]

Serves the reference mock on 127.0.0.1 until interrupted. It speaks SageMaker's awsJson1.1 protocol
and validates CreateEndpointConfig exactly as the chosen spec profile says. POST /mock-api/reset clears
its state. Like a regional AWS endpoint it refuses unsigned requests and signatures scoped to another
region; it checks signatures made with its own key (AKIDCONFORMANCE, the key a run against a loopback
target uses when no credentials are set) and takes other keys as they come.

Flags:
  --spec P        the spec profile it enforces: model (default) or seed
  --port N        port to listen on (default: a free one, printed at start)
  --region R      the region it is the endpoint of (default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1)
  --fault FAULT   switch on a deliberate deviation from the spec (repeatable)
  --list-faults   print the known faults and exit`;

export const PACT_HELP = `Usage: sagemaker-conformance pact [--dir DIR] [--consumer NAME] [--provider NAME]
                                [--publish [--version V] [--branch B]]
       sagemaker-conformance pact can-i-deploy|record-deployment PACT-BROKER-FLAGS...

Writes Pact V4 contracts from the case table (the valid request, the named boundaries, a duplicate name,
an unknown model), driving each interaction with @aws-sdk/client-sagemaker against Pact's mock server.
'npm run pact' is the same.

Flags:
  --dir DIR          where to write the pact (default: contracts/pacts)
  --consumer NAME    consumer name (default: SAGEMAKER_CONFORMANCE_PACT_CONSUMER or sagemaker-conformance)
  --provider NAME    provider name (default: SAGEMAKER_CONFORMANCE_PACT_PROVIDER or sagemaker)
  --publish          publish the pact to the Pact Broker at PACT_BROKER_BASE_URL (token: PACT_BROKER_TOKEN)
  --version V        consumer version to publish (default: the git commit)
  --branch B         consumer branch to publish (default: the git branch)
  -h, --help         this help

'pact can-i-deploy' and 'pact record-deployment' run Pact's own pact-broker CLI with the broker from
PACT_BROKER_BASE_URL / PACT_BROKER_TOKEN, e.g. pact can-i-deploy --pacticipant team-a --version SHA --to-environment production.

Exit codes: 0 written (and published); 1 an interaction failed or publishing failed; 2 bad input.`;

export const VERIFY_HELP = `Usage: sagemaker-conformance verify [--target T] [--pact FILE|DIR ...] [--region R] [--profile P]
                                  [--report-dir DIR] [--timeout D] [--allow-aws]
                                  [--only GLOB ...] [--states FILE]
                                  [--publish] [--provider NAME] [--version V] [--branch B] [--pact-url URL]
                                  [--consumer-version-selector JSON ...] [--enable-pending] [--include-wip-pacts-since D]

Verifies pacts written against SageMaker (ours from 'pact', or any consumer's) against a target: brings
their provider states about, replays every request signed with SigV4, deletes everything it created.

Flags:
  --target T         mock (default), mock:FAULT, moto, an http(s) URL, or aws (with --allow-aws)
  --pact FILE|DIR    pact files or folders of them (repeatable; default: contracts/pacts)
  --region R         signing region (default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1)
  --profile P        AWS profile for credentials
  --report-dir DIR   where to write conformance.{json,md,html} and junit.xml (default: reports/contracts)
  --timeout D        per-request timeout (default: 30s)
  --allow-aws        allow --target aws
  --only GLOB        verify only interactions whose description or case id matches; the rest are reported skipped
  --states FILE      a module exporting stateHandlers (state text -> function or {setup, teardown}) for own states
  --publish          read the provider's pacts from the Pact Broker at PACT_BROKER_BASE_URL (token:
                     PACT_BROKER_TOKEN) and publish the results there; exit 1 if the broker refuses them
  --pact-url URL     verify this one pact from a broker (default: PACT_URL, as a broker webhook passes it)
  --consumer-version-selector JSON  a selector, repeatable (default: {"mainBranch":true}, {"deployedOrReleased":true})
  --enable-pending   ask the broker for pending status (Pact's default: off)
  --include-wip-pacts-since D  include work-in-progress pacts since date D (Pact's default: none)
  --provider NAME    provider name in the broker (default: SAGEMAKER_CONFORMANCE_PACT_PROVIDER or sagemaker)
  --version V        provider version to publish (default: <git commit>+<target>, e.g. abc123+aws.eu-west-1)
  --branch B         provider branch to publish (default: the git branch)
  -h, --help         this help

Exit codes: 0 every interaction verified (or skipped by --only); 1 an interaction failed or was not run,
publishing failed, or a resource could not be deleted;
2 verification could not start (bad arguments, no pact files, an unknown provider state, target unreachable).`;
export const DIFF_HELP = `Usage: sagemaker-conformance diff OLD.json NEW.json [--fail-on-change] [--messages] [--json] [--out FILE]

Lists the cases whose outcome changed between two reports (two runs, or two merged reports): the case's
status, and per step the HTTP status, the error code and whether an answer came at all. Both answers are
printed, with their messages.

Flags:
  --fail-on-change  exit 1 when a case changed (default: exit 0 and just report)
  --messages        also count a changed message as a change (run ids, accounts, request ids masked)
  --json            print the diff as JSON
  --out FILE        also write it to FILE (JSON if FILE ends in .json, else Markdown)`;

export const MERGE_HELP = `Usage: sagemaker-conformance merge [--out DIR] REPORT.json...

Combines shard and region reports (each run's conformance.json) into one report with a target-by-case
matrix: DIR/merged.json, merged.md and merged.html (default DIR: reports/merged). Shards of one target
(same kind, account and region) become one column; missing shards are named. Exit 1 when a case is not
passing on some target or a target is incomplete, 2 when the reports do not add up (a case twice).`;

export const SWEEP_HELP = `Usage: sagemaker-conformance sweep [--target T] [--region R] [--profile P] [--older-than 6h] [--dry-run] [--allow-aws]

Deletes what crashed runs left behind. A resource is deleted only if its name starts with the prefix and a
run id (sc-<run id>-...), it is older than --older-than, and it carries the suite's run-id tag for that run
id. Anything else is listed as kept, with the reason.

Flags:
  --target T        as for run (aws needs --allow-aws)
  --older-than D    minimum age, e.g. 90m, 6h, 2d (default: 6h, so running runs are safe)
  --dry-run         list what would be deleted, delete nothing
  --prefix P        name prefix (default: sc-)`;

export const SELFTEST_HELP = `Usage: sagemaker-conformance selftest [--fault FAULT ...] [--concurrency N]

Runs the whole case table against the reference mock, first as the spec says (every case must pass), then
once with each fault switched on (see 'mock --list-faults'), and prints which cases caught each fault and
the score. Faults no request can tell from the spec (equivalent mutants) are listed with the reason and
left out of the score. Exit 0 when the clean mock passes and every fault is caught, 1 otherwise.

Flags:
  --fault FAULT     only these faults (repeatable or comma-separated; default: all)
  --concurrency N   runs in flight at once, each against a mock of its own (default: 4)`;
