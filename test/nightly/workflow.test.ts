import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';
import { captureIo } from './helpers';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { schedule?: { cron: string }[] };
  permissions: Record<string, string>;
  jobs: Record<string, { needs?: string; strategy?: { matrix: Record<string, unknown[]> }; steps: Step[] }>;
}

const workflow = parse(readFileSync(resolve(__dirname, '../../.github/workflows/nightly.yml'), 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

/** Values the expressions take in one matrix cell; each command is then run with --help, which fails on unknown flags. */
const EXPRESSIONS: Record<string, string> = {
  'matrix.region': 'eu-west-1',
  'matrix.shard': '1',
  'vars.CONFORMANCE_EXECUTION_ROLE_ARN': 'arn:aws:iam::111122223333:role/sagemaker-conformance-execution',
};

function invocations(): string[][] {
  return steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.includes('npx sagemaker-conformance'))
    .map((line) =>
      line
        .slice(line.indexOf('npx sagemaker-conformance') + 'npx sagemaker-conformance'.length)
        .replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => EXPRESSIONS[expression] ?? `<${expression}>`)
        .trim()
        .split(/\s+/),
    );
}

describe('the nightly GitHub Actions workflow', () => {
  it("gives the run the account's resources for its region, from a repository variable", () => {
    const run = invocations().find((args) => args[0] === 'run')!;
    expect(run[run.indexOf('--resources') + 1]).toBe('resources.json');
    const writes = steps.find((s) => (s.run ?? '').includes('resources.json') && !(s.run ?? '').includes('npx'));
    expect(JSON.stringify(writes)).toContain('vars.CONFORMANCE_RESOURCES');
  });

  it('runs on a schedule with OIDC, a region and shard matrix, artifacts, a merge job and JUnit publishing', () => {
    expect(workflow.on.schedule?.[0]?.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(workflow.permissions['id-token']).toBe('write');
    const conformance = workflow.jobs.conformance!;
    expect((conformance.strategy!.matrix.region as string[]).length).toBeGreaterThan(1);
    expect(conformance.strategy!.matrix.shard).toEqual([1, 2]);
    const credentials = conformance.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(credentials.with).toMatchObject({ 'role-to-assume': '${{ vars.CONFORMANCE_ROLE_ARN }}', 'aws-region': '${{ matrix.region }}' });
    expect(credentials.with).not.toHaveProperty('aws-access-key-id');
    expect(conformance.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    expect(workflow.jobs.merge!.needs).toBe('conformance');
    expect(workflow.jobs.merge!.steps.some((s) => s.uses?.startsWith('mikepenz/action-junit-report@'))).toBe(true);
  });

  it('calls only subcommands and flags the CLI knows, and every subcommand the nightly needs', async () => {
    const calls = invocations();
    expect(calls.map((c) => c[0]).sort()).toEqual(['diff', 'diff-recordings', 'merge', 'run', 'sweep']);
    for (const args of calls) {
      expect(args.join(' ')).not.toMatch(/<[^>]+>/); // every expression has a test value
      const io = captureIo({});
      const code = await main([...args.filter((a) => !a.includes('*') && !a.startsWith('last/') && !a.startsWith('reports/merged/merged')), '--help'], io);
      expect({ args, code, err: io.err() }).toEqual({ args, code: 0, err: '' });
    }
  });

  it('splits the case table into as many shards as the matrix has cells per region', () => {
    const run = invocations().find((c) => c[0] === 'run')!;
    const shard = run[run.indexOf('--shard') + 1]!;
    expect(Number(shard.split('/')[1])).toBe((workflow.jobs.conformance!.strategy!.matrix.shard as number[]).length);
  });
});
