import { listOperations } from '../spec/load';
import { loadEdition } from '../spec/editions';
import type { Options } from './args';

/**
 * Help for every command, generated from the same option objects the parser uses: a flag the parser takes is in
 * the help, and a flag in the help is one the parser takes. Here live only the words: what each flag's value is,
 * what it does, and each command's prose and examples.
 */
interface FlagDoc {
  /** The value's placeholder (`T`, `FILE`); none for a switch. */
  value?: string;
  help: string;
}

/** What each flag means wherever it appears; PER_COMMAND overrides one command's meaning. */
const FLAGS: Record<string, FlagDoc> = {
  target: { value: 'T', help: 'where to send requests: mock (default), mock:FAULT, moto, an http(s) URL, aws, or replay:DIR (a recording)' },
  record: { value: 'DIR', help: 'also write every exchange, normalised, to DIR: one file per operation (docs/recordings.md)' },
  compare: { value: 'DIR', help: "also say per case whether the answer is the same as the recording's in DIR (status, code, member, shape)" },
  region: { value: 'R', help: 'signing region (default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1)' },
  profile: { value: 'P', help: 'AWS profile for credentials (default: the standard chain / AWS_PROFILE)' },
  'allow-aws': { help: 'allow --target aws (creates and deletes real, free resources)' },
  'report-dir': { value: 'DIR', help: 'where to write conformance.{json,md,html} and junit.xml (default: reports)' },
  only: { value: 'GLOB', help: 'only cases whose id matches (repeatable or comma-separated; * and ?)' },
  operation: { value: 'NAME', help: 'only the cases of these operations, e.g. ListEndpointConfigs (repeatable or comma-separated; default: all four)' },
  expectations: { value: 'FILE', help: 'known deviations of the target: {"<case id>": "<reason>"}' },
  'model-name': { value: 'NAME', help: 'use this existing model instead of creating one' },
  concurrency: { value: 'N', help: 'cases in flight at once (default: 4; 2 for aws)' },
  timeout: { value: 'D', help: 'one deadline per request over connect, headers and the whole body, e.g. 10s or 500ms (default: 10s)' },
  'run-id': { value: 'ID', help: 'name the run (default: random); every created name starts sc-<run id>' },
  pact: { value: 'FILE|DIR', help: 'also verify these pact files against the same target (repeatable)' },
  shard: { value: 'i/n', help: 'run only shard i of n (every n-th case of the stable case order, from the i-th)' },
  baseline: { value: 'FILE', help: 'compare with an earlier conformance.json; drift goes to stdout and drift.md' },
  'fail-on-change': { help: "with --baseline: exit 1 when a case's outcome changed" },
  label: { value: 'NAME', help: "the target's name in the report, its column when reports are merged side by side (e.g. moto-5.2.1)" },
  'execution-role-arn': { value: 'ARN', help: "role of the run's own model (required with --target aws unless --model-name)" },
  image: { value: 'URI', help: "image of the run's own model (default: a public AWS inference image of the region)" },
  resources: {
    value: 'FILE',
    help: 'real account resources for the accept cases that name one: a JSON object, name -> value (contracts/resources.json lists the names)',
  },
  resource: { value: 'NAME=VALUE', help: 'one such resource (repeatable; wins over --resources): kms-key=ARN, s3-prefix=s3://bucket/prefix, ...' },
  'retry-mode': { value: 'M', help: 'SDK retry mode, standard or adaptive (default: adaptive for aws, standard otherwise)' },
  'max-attempts': { value: 'N', help: 'SDK attempts per call (default: 10 for aws, 3 otherwise)' },
  'throttle-budget': {
    value: 'D',
    help: 'how long a target may answer nothing but "slow down" before the run gives up with exit 2, e.g. 30s (default: 10s; 60s for aws)',
  },
  'max-body': { value: 'SIZE', help: 'bytes of each response body read, e.g. 1MiB or 64KiB (default: 1MiB); past that the case errors with the size' },
  edition: { value: 'E', help: "edition of the contracts: model (default; today's API from AWS's Smithy model) or seed (the 2017 page)" },
  spec: { value: 'E', help: 'the first spelling of --edition, still taken' },
  smithy: { value: 'FILE', help: "AWS's Smithy model file of SageMaker (default: contracts/model/smithy/sagemaker-2017-07-24.json)" },
  json: { help: 'print JSON instead of lines' },
  port: { value: 'N', help: 'port to listen on (default: a free one, printed at start)' },
  fault: { value: 'FAULT', help: 'switch on a deliberate deviation from the spec (repeatable; see mock --list-faults)' },
  'list-faults': { help: 'print the known faults and exit' },
  log: { help: 'print one line per request on stderr: method, operation, status, milliseconds' },
  'error-type-header': { help: 'also name each error code in an x-amzn-ErrorType header (SageMaker sends none; off by default)' },
  dir: { value: 'DIR', help: 'where to write the pact (default: contracts/pacts)' },
  consumer: { value: 'NAME', help: 'consumer name (default: SAGEMAKER_CONFORMANCE_PACT_CONSUMER or sagemaker-conformance)' },
  provider: { value: 'NAME', help: 'provider name (default: SAGEMAKER_CONFORMANCE_PACT_PROVIDER or sagemaker)' },
  publish: { help: 'publish to the Pact Broker at PACT_BROKER_BASE_URL (token: PACT_BROKER_TOKEN)' },
  version: { value: 'V', help: 'version to publish (default: the git commit)' },
  branch: { value: 'B', help: 'branch to publish (default: the git branch)' },
  'older-than': { value: 'D', help: 'minimum age, e.g. 90m, 6h, 2d (default: 6h, so running runs are safe)' },
  'dry-run': { help: 'list what would be deleted, delete nothing' },
  prefix: { value: 'P', help: 'name prefix (default: sc-)' },
  messages: { help: 'also count a changed message as a change (run ids, accounts, request ids masked)' },
  out: { value: 'FILE', help: 'also write it to FILE (JSON if FILE ends in .json, else Markdown)' },
  seed: { value: 'N', help: "fast-check's seed (default: from the clock; printed, and stored in the report): the same seed sends the same requests" },
  budget: { value: 'D', help: 'time spent exploring, e.g. 60s or 5m (default: 60s); shrinking a finding found within it gets --shrink-budget more' },
  'max-requests': { value: 'N', help: 'most requests in all, exploring, shrinking and confirming (default: no limit but --budget)' },
  'max-findings': { value: 'N', help: 'stop after N findings (flaky ones not counted; default: no limit)' },
  'shrink-budget': { value: 'D', help: 'time to shrink one finding (default: 30s)' },
  rate: { value: 'N', help: 'at most N requests a second (default: no limit; 5 for aws)' },
  save: { value: 'FILE', help: "add each finding to FILE as a case of the table's format (replay: run --cases FILE)" },
  cases: { value: 'FILE', help: "also run these cases (a file 'explore --save' wrote; repeatable)" },
  'per-case': { help: 'on a pipe too, one line per failing case as it ends (default there: the deviation groups at the end)' },
  'export-repro': {
    value: 'FILE',
    help: 'write one pytest+boto3 test per deviation group to FILE (passes on the reference mock, fails where the group came from)',
  },
  help: { help: 'this help' },
};

const PER_COMMAND: Record<string, Record<string, FlagDoc>> = {
  verify: {
    pact: { value: 'FILE|DIR', help: 'pact files or folders of them (repeatable; default: contracts/pacts)' },
    'report-dir': { value: 'DIR', help: 'where to write conformance.{json,md,html} and junit.xml (default: reports/contracts)' },
    timeout: { value: 'D', help: 'one deadline per request over connect, headers and the whole body (default: 30s)' },
    provider: { value: 'NAME', help: 'provider name in the broker (default: SAGEMAKER_CONFORMANCE_PACT_PROVIDER or sagemaker)' },
    publish: {
      help: "read the provider's pacts from the Pact Broker at PACT_BROKER_BASE_URL (token: PACT_BROKER_TOKEN) and publish the results there; exit 1 if the broker refuses them",
    },
    only: { value: 'GLOB', help: 'verify only interactions whose description or case id matches; the rest are reported skipped' },
    states: { value: 'FILE', help: 'a module exporting stateHandlers (state text -> function or {setup, teardown}) for your own states' },
    'pact-url': { value: 'URL', help: 'verify this one pact from a broker (default: PACT_URL, as a broker webhook passes it)' },
    'consumer-version-selector': { value: 'JSON', help: 'a selector, repeatable (default: {"mainBranch":true}, {"deployedOrReleased":true})' },
    'enable-pending': { help: "ask the broker for pending status (Pact's default: off)" },
    'include-wip-pacts-since': { value: 'D', help: "include work-in-progress pacts since date D (Pact's default: none)" },
    version: { value: 'V', help: 'provider version to publish (default: <git commit>+<target>, e.g. abc123+aws.eu-west-1)' },
  },
  sweep: { target: { value: 'T', help: 'as for run (aws needs --allow-aws)' } },
  mock: {
    edition: { value: 'E', help: 'the edition of the contracts it enforces: model (default) or seed' },
    spec: { value: 'E', help: 'the first spelling of --edition, still taken' },
    region: { value: 'R', help: 'the region it is the endpoint of (default: AWS_REGION, AWS_DEFAULT_REGION, then us-east-1)' },
  },
  selftest: {
    fault: { value: 'FAULT', help: 'only these faults (repeatable or comma-separated; default: all)' },
    concurrency: { value: 'N', help: 'runs in flight at once, each against a mock of its own (default: 4)' },
  },
  merge: { out: { value: 'DIR', help: 'where to write merged.json, merged.md and merged.html (default: reports/merged)' } },
  'import-model': {
    operation: { value: 'NAME', help: 'the operation, e.g. CreateEndpointConfig (required)' },
    model: { value: 'FILE', help: 'the first spelling of --smithy, still taken' },
    overlay: { value: 'FILE', help: 'the hand-written half (default: DIR/overlays/NAME.json; none is fine)' },
    observed: { value: 'FILE', help: 'what real accounts do beyond the model, with sources (default: DIR/observed/NAME.json; none is fine)' },
    provenance: { value: 'FILE', help: 'where the model comes from (default: PROVENANCE.json beside the model)' },
    out: { value: 'DIR', help: 'where to write operations/NAME.json and uncovered/NAME.json (default: contracts/model)' },
    summary: { value: 'FILE', help: 'also write the change summary as Markdown, for a pull request' },
  },
  list: { json: { help: 'print the whole case table as JSON' } },
  learn: { out: { value: 'FILE', help: 'write the proposal (JSON) to FILE instead of stdout' } },
  'diff-recordings': {
    out: { value: 'FILE', help: 'also write it to FILE (JSON if FILE ends in .json, else Markdown)' },
    'fail-on-change': { help: 'exit 1 when an answer changed' },
    json: { help: 'print the changes as JSON' },
  },
  explore: {
    'report-dir': { value: 'DIR', help: 'where to write conformance.{json,md,html} and junit.xml, findings included (default: reports)' },
    timeout: { value: 'D', help: 'per-request timeout, e.g. 10s or 500ms (default: 10s)' },
  },
};

/** Each command's arguments after the flags, its prose, and what follows the flags (examples, exit codes). */
const DOCS: Record<string, { args?: string; about: string; after?: string }> = {
  run: {
    about: `Runs the case table against a target and writes the conformance reports.

Targets (--target):
  mock            the built-in reference mock on a free loopback port (default)
  mock:FAULT      the mock with a deliberate deviation switched on (see 'mock --list-faults')
  moto            starts moto_server on a free loopback port and stops it afterwards
  http(s)://...   any SageMaker-compatible endpoint (AWS_ENDPOINT_URL_SAGEMAKER is the default if set)
  aws             the region's real endpoint; refused unless --allow-aws is given
  replay:DIR      a recording (run --record DIR) answering as recorded; what it lacks is "not recorded"`,
    after: `With --pact the pacts' results join this run's report (its contracts section) and its exit code. Throttled
calls get up to 6 slower rounds after the SDK's own attempts and are never judged on a throttle.
On --target aws the run first prints the account (STS GetCallerIdentity) and region, and stops if that
fails; --concurrency defaults to 2 there (control-plane rate limits are low).
Stdout carries the counts line (and drift with --baseline); progress and notes go to stderr.

Examples:
  npx sagemaker-conformance run
  npx sagemaker-conformance run --target moto --expectations fixtures/expectations/moto.json
  npx sagemaker-conformance run --only 'EndpointConfigName.*' --report-dir out`,
  },
  explore: {
    about: `Generates requests from the operation's spec (its constraints, the model edition's examples and pattern
samples, its documented rules): valid values, values breaking one or several rules, lists of varying size,
optional members present or absent. The reference validator (the mock's) says what each answer must be;
a wrong status or code, a rejection naming none of the members at fault, or a response breaking the output
schema is a finding. Each finding is shrunk (fast-check) to a smallest request that still disagrees, sent
again 3 times, and reported with its seed and how often it recurred; one that did not recur every time is
flaky: reported apart, not a deviation, not saved. --save writes the others as cases 'run --cases FILE' replays.`,
    after: `Set-up, clean-up, throttling, interrupts, body limits and the reports are those of 'run'; --target aws needs
--allow-aws, and is rate-limited (--rate). Exit codes: 0 no finding (flaky ones aside); 1 a finding, or a resource left behind;
2 bad input or the target could not be reached; 130/143 interrupted.

Examples:
  npx sagemaker-conformance explore --seed 42
  npx sagemaker-conformance explore --target moto --budget 2m --save found.json
  npx sagemaker-conformance run --target moto --cases found.json --only '*.explore-*'`,
  },
  list: {
    about:
      'Prints every case the spec generates, one per line on stdout: id, expected outcome and title (or the\nwhole table as JSON). The count goes to stderr, so `list | wc -l` counts cases.',
  },
  mock: {
    about: `Serves the reference mock on 127.0.0.1 until interrupted (Ctrl-C, or SIGTERM to its PID). It speaks
SageMaker's awsJson1.1 protocol (POST /, X-Amz-Target: SageMaker.<Operation>) and validates exactly as the
chosen edition says. Like a regional AWS endpoint it refuses unsigned requests and signatures scoped to
another region; it checks signatures made with its own key (AKIDCONFORMANCE, the key a run against a loopback
target uses when no credentials are set) and takes other keys as they come.`,
    after: `Any other operation: HTTP 400 UnknownOperationException; a method other than POST: HTTP 404.
POST /mock-api/reset clears its state; GET /mock-api/state counts what it holds.`,
  },
  selftest: {
    about: `Runs the whole case table against the reference mock, first as the spec says (every case must pass), then
once with each fault switched on (see 'mock --list-faults'), and prints which cases caught each fault and
the score. Faults no request can tell from the spec (equivalent mutants) are listed with the reason and
left out of the score. Exit 0 when the clean mock passes and every fault is caught, 1 otherwise.`,
  },
  pact: {
    about: `Writes Pact V4 contracts from the case table (the valid request, the named boundaries, a duplicate name,
an unknown model), driving each interaction with @aws-sdk/client-sagemaker against Pact's mock server.
'npm run pact' is the same.`,
    after: `'pact can-i-deploy' and 'pact record-deployment' run Pact's own pact-broker CLI with the broker from
PACT_BROKER_BASE_URL / PACT_BROKER_TOKEN, e.g. pact can-i-deploy --pacticipant team-a --version SHA --to-environment production.

Exit codes: 0 written (and published); 1 an interaction failed or publishing failed; 2 bad input.`,
  },
  verify: {
    about: `Verifies pacts written against SageMaker (ours from 'pact', or any consumer's) against a target: brings
their provider states about, replays every request signed with SigV4, deletes everything it created.`,
    after: `Exit codes: 0 every interaction verified (or skipped by --only); 1 an interaction failed or was not run,
publishing failed, or a resource could not be deleted;
2 verification could not start (bad arguments, no pact files, an unknown provider state, target unreachable).`,
  },
  sweep: {
    about: `Deletes what crashed runs left behind. A resource is deleted only if its name starts with the prefix and a
run id (sc-<run id>-...), it is older than --older-than, and it carries the suite's run-id tag for that run
id. Anything else is listed as kept, with the reason.`,
  },
  diff: {
    args: 'OLD.json NEW.json',
    about: `Lists the cases whose outcome changed between two reports (two runs, or two merged reports): the case's
status, and per step the HTTP status, the error code, whether an answer came at all, and within the answer
what changed: the names a listing returned (another order, names added or gone) and checks that now fail or
pass on the same answer. Both answers are printed, with their messages. A case whose status changed only
because the expectations file did (failed to expected failure, and back) is listed apart: the target
answered alike, so it is not a change of behaviour and --fail-on-change ignores it.`,
    after: 'Exit 1 with --fail-on-change when a case changed; 0 otherwise.',
  },
  'import-model': {
    about: `Reads an operation out of a Smithy 2.0 JSON AST model (AWS's own model of SageMaker) and writes the model
edition's spec for it: every member reachable from the input, with its required, length, range, pattern and
enum traits, each citing the shape and trait it comes from. The overlay adds what the model cannot say
(examples, pattern samples, rules stated in prose). Cases that would not test what they claim are left out
with the reason; constraints without a case are listed in uncovered/NAME.json with why. Prints what changed
against the spec it replaces: members and constraints added, removed and changed (old and new bound), and
the cases that appear, disappear or change, by id.`,
    after: `The same model and overlay always give the same bytes. Exit 2, writing nothing, when the overlay no longer
fits the model (a quoted sentence gone, a new pattern with no sample, a shape or member it names renamed):
one line per item, naming it and the overlay file.`,
  },
  learn: {
    args: 'DIR',
    about: `Judges a recording (run --record DIR) by the case table as it is now, and proposes what differs as
entries in the format of contracts/<edition>/observed/<Operation>.json, each citing the recording (target,
region, day, case), with the cases the recording confirms. It never edits contracts/: a person reviews the
proposal and merges it by hand. A difference the observed format cannot say is listed as such, not invented.`,
    after: 'Exit 0 when the recording confirms every case it holds, 1 when something differs, 2 on bad input.',
  },
  'diff-recordings': {
    args: 'OLD NEW',
    about: `Compares two recordings of the same table (run --record DIR), e.g. two nights: every answer to the same
request whose status, error code, message, body or headers changed, and requests only one of them holds.
Names, ids, dates and tokens are placeholders in both, so two recordings of the same target diff to nothing.`,
  },
  merge: {
    args: 'REPORT.json[=LABEL]...',
    about: `Puts any number of runs side by side (each run's conformance.json): per operation, each target's score
(cases passed) beside its conformance index (cases it could be judged on), a conformance matrix with a column
per target, each target's deviation groups, and a target-by-case matrix. A column is named by the label given
here (REPORT.json=LABEL), else the run's own --label, else its kind, account and region (and URL, for a URL
target: two emulators on two ports are two targets). Shards of one target become one column; missing shards
are named.`,
    after: `Examples:
  npx sagemaker-conformance merge mock/conformance.json=mock moto/conformance.json=moto-5.2.1
  npx sagemaker-conformance merge shard-*/conformance.json

Exit 1 when a case is not passing on some target or a target is incomplete, 2 when the reports do not
add up (a case twice for one target) or a report is not one.`,
  },
};

const WIDTH = 100;

function flagDoc(command: string, name: string): FlagDoc {
  const doc = PER_COMMAND[command]?.[name] ?? FLAGS[name];
  if (!doc) throw new Error(`flag --${name} of ${command} has no help text (src/cli/help.ts)`);
  return doc;
}

function flagLabel(name: string, option: Options[string], doc: FlagDoc): string {
  const short = option.short ? `-${option.short}, ` : '';
  return `${short}--${name}${doc.value ? ` ${doc.value}` : ''}`;
}

/** `Usage: sagemaker-conformance run [--target T] [--region R] ...`, wrapped. */
function usageLine(command: string, options: Options): string {
  const head = `Usage: sagemaker-conformance ${command}`;
  const parts = Object.entries(options)
    .filter(([name]) => name !== 'help')
    .map(([name, option]) => {
      const doc = flagDoc(command, name);
      return `[--${name}${doc.value ? ` ${doc.value}` : ''}]${option.multiple ? '...' : ''}`;
    });
  if (DOCS[command]?.args) parts.push(DOCS[command]!.args!);
  const lines: string[] = [];
  let line = head;
  for (const part of parts) {
    if (line.length + part.length + 1 > WIDTH) {
      lines.push(line);
      line = ' '.repeat(head.length);
    }
    line += ` ${part}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** A command's help: usage, prose, every flag the parser takes with its meaning, then `extra` (generated facts), examples or exit codes. */
export function helpText(command: string, options: Options, extra?: string): string {
  const doc = DOCS[command];
  const labels = Object.entries(options).map(([name, option]) => [flagLabel(name, option, flagDoc(command, name)), flagDoc(command, name).help] as const);
  const width = Math.min(26, Math.max(...labels.map(([l]) => l.length)) + 2);
  const flags = labels.map(([label, help]) => (label.length + 2 > width ? `  ${label}\n  ${' '.repeat(width)}${help}` : `  ${label.padEnd(width)}${help}`));
  return (
    [
      usageLine(command, options),
      '',
      ...(doc ? [doc.about, ''] : []),
      'Flags:',
      ...flags,
      ...(extra ? ['', extra] : []),
      ...(doc?.after ? ['', doc.after] : []),
    ].join('\n') + '\n'
  );
}

/** The top-level help, listing every registered command. */
export function commandHelp(commands: Record<string, { summary: string }>): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  const operations = listOperations(loadEdition().dir);
  return `sagemaker-conformance: conformance tests for Amazon SageMaker's endpoint configuration API, its ${operations.length} operations:
${operations.join(', ')}

Usage: sagemaker-conformance <command> [flags]

Commands:
${lines.join('\n')}

Run 'sagemaker-conformance <command> --help' for a command's flags; --version prints the version.
Environment: NO_COLOR (or TERM=dumb) turns colour off, FORCE_COLOR=1 turns it on in a pipe.
Exit codes: 0 every case passed or matched the expectations; 1 a case failed, errored or
passed unexpectedly, or a resource could not be deleted; 2 the run could not start (bad arguments,
target unreachable, set-up refused); 130/143 interrupted.`;
}
