import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PactV4, SpecificationVersion, type V3MockServer } from '@pact-foundation/pact';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { commandFor } from '../client/client';
import { forPact } from './content-type';
import { DUMMY_CREDENTIALS } from '../client/credentials';
import type { RunPlan } from '../engine/session';
import { contractInteractions, contractPlan, PACT_REGION, participants, type ContractInteraction, type PactParticipants } from './contract';

export const DEFAULT_PACT_DIR = resolve(__dirname, '../../contracts/pacts');

/** What the consumer saw when it called the SDK against Pact's mock server. */
export type ConsumerOutcome = { kind: 'accepted'; body: Record<string, unknown> } | { kind: 'rejected'; errorName: string; status: number | undefined };

/** The file Pact writes for a consumer and provider. */
export function pactFile(dir: string, names: PactParticipants): string {
  return join(dir, `${names.consumer}-${names.provider}.json`);
}

/**
 * A real SageMaker SDK client pointed at Pact's mock server. The SDK labels its awsJson1.1 bodies
 * `application/x-amz-json-1.1`, which Pact's core compares byte for byte; relabelling them `application/json`
 * here (and only here) makes Pact parse the body so the contract's matchers apply.
 */
function consumerClient(url: string): SageMakerClient {
  return forPact(new SageMakerClient({ endpoint: url, region: PACT_REGION, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 }));
}

/** Sends `body` as `operation` through the SDK, as a consumer would, and reports what came back or what was thrown. */
export async function callAsConsumer(url: string, operation: string, body: Record<string, unknown>): Promise<ConsumerOutcome> {
  const client = consumerClient(url);
  const Command = commandFor(operation);
  try {
    const output = (await client.send(new Command(body) as never)) as unknown as Record<string, unknown>;
    const { $metadata: _, ...rest } = output;
    return { kind: 'accepted', body: rest };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.$metadata === undefined) throw error; // not an answer from the service: a transport or SDK failure
    return { kind: 'rejected', errorName: e.name ?? 'Error', status: e.$metadata.httpStatusCode };
  } finally {
    client.destroy();
  }
}

/**
 * What a consumer relies on, checked on the SDK's own result: an accepted call returns each ARN member in ARN shape;
 * a rejected one throws an error named by the expected code with the expected HTTP status in `$metadata`.
 * Returns the problems, empty when the consumer's expectations hold.
 */
export function consumerProblems(plan: RunPlan, interaction: ContractInteraction, outcome: ConsumerOutcome): string[] {
  const expect = interaction.expect;
  if (expect.outcome === 'accept') {
    if (outcome.kind !== 'accepted') return [`expected the SDK to return, but it threw ${outcome.errorName} (HTTP ${outcome.status})`];
    const arn = new RegExp(plan.service.arnPattern);
    const operation = plan.operations.get(interaction.operation) ?? plan.operation;
    return Object.entries(operation.output.members ?? {})
      .filter(([, spec]) => spec.arnOf)
      .filter(([member]) => typeof outcome.body[member] !== 'string' || !arn.test(outcome.body[member] as string))
      .map(([member]) => `expected ${member} in ARN shape, got ${JSON.stringify(outcome.body[member])}`);
  }
  if (outcome.kind !== 'rejected') return [`expected the SDK to throw ${expect.errorCodes.join(' or ')}, but it returned ${JSON.stringify(outcome.body)}`];
  const problems: string[] = [];
  if (!expect.errorCodes.includes(outcome.errorName)) problems.push(`expected the SDK to throw ${expect.errorCodes.join(' or ')}, got ${outcome.errorName}`);
  if (outcome.status !== expect.status) problems.push(`expected $metadata.httpStatusCode ${expect.status}, got ${outcome.status}`);
  return problems;
}

export interface ExerciseOptions {
  /** The body the consumer actually sends; by default the contract's own example (used to prove matchers apply). */
  send?: Record<string, unknown>;
}

/**
 * Adds one interaction to the pact and drives it with the SDK against Pact's mock server. Pact fails the call when
 * the request does not match the contract; this throws when the SDK's result is not what a consumer relies on.
 */
export async function exerciseInteraction(
  pact: PactV4,
  plan: RunPlan,
  interaction: ContractInteraction,
  options: ExerciseOptions = {},
): Promise<ConsumerOutcome> {
  let builder = pact.addInteraction();
  for (const state of interaction.states) builder = builder.given(state.name, state.params as never);
  // The case's facts travel with the interaction (Pact V4 comments), so a reader of the pact needs no case id parser.
  builder = builder.comment({ key: 'case', value: JSON.stringify({ id: interaction.caseId, ...interaction.facts }) });
  // Pact checks the request after the test function returns; consumer problems are raised after that, so a request
  // that does not match the contract is reported as Pact's mismatch rather than as the 500 its mock server answers.
  const checked = await builder
    .uponReceiving(interaction.description)
    .withRequest('POST', '/', (b) => {
      b.headers(interaction.requestHeaders as never).jsonBody(interaction.requestTemplate);
    })
    .willRespondWith(interaction.status, (b) => {
      b.headers(interaction.responseHeaders as never).jsonBody(interaction.responseBody);
    })
    .executeTest(async (server: V3MockServer) => {
      const result = await callAsConsumer(server.url, interaction.operation, options.send ?? interaction.request);
      return { result, problems: consumerProblems(plan, interaction, result) };
    });
  if (checked!.problems.length > 0) throw new Error(`${interaction.caseId}: ${checked!.problems.join('; ')}`);
  return checked!.result;
}

export interface WriteOptions {
  dir?: string;
  names?: Partial<PactParticipants>;
  /** Where the participants' default names come from (SAGEMAKER_CONFORMANCE_PACT_CONSUMER / _PROVIDER). */
  env?: NodeJS.ProcessEnv;
  /** Called as each interaction passes. */
  onInteraction?: (interaction: ContractInteraction) => void;
}

/** A fresh pact for the consumer and provider: the old file is removed so interactions no longer in the table do not linger. */
export function newPact(dir: string, names: PactParticipants): PactV4 {
  // Pact's core sends usage metrics unless told not to (its mock server runs in this process).
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  rmSync(pactFile(dir, names), { force: true });
  return new PactV4({ consumer: names.consumer, provider: names.provider, dir, spec: SpecificationVersion.SPECIFICATION_VERSION_V4, logLevel: 'error' });
}

/**
 * `npm run pact`: writes the contract from the case table, driving every interaction with the SDK against Pact's
 * mock server. Returns the pact file. Throws on the first interaction whose consumer expectations do not hold.
 *
 * @example
 * const file = await writeContracts({ dir: 'contracts/pacts' });
 */
export async function writeContracts(options: WriteOptions = {}): Promise<{ file: string; interactions: ContractInteraction[] }> {
  const dir = resolve(options.dir ?? DEFAULT_PACT_DIR);
  const names = participants(options.names, options.env);
  const plan = contractPlan();
  const interactions = contractInteractions(plan);
  const pact = newPact(dir, names);
  for (const interaction of interactions) {
    await exerciseInteraction(pact, plan, interaction);
    options.onInteraction?.(interaction);
  }
  return { file: pactFile(dir, names), interactions };
}
