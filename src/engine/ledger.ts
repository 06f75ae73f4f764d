import type { Exchange } from '../client/exchange';
import { parseBody, errorCodeOf, snippet } from '../client/parse';
import { RUN_ID_TAG, tagsIn } from '../client/tags';
import { isThrottled } from '../client/throttle';
import type { ResourceSpec, ServiceSpec, TaggingSpec } from '../spec/types';
import type { CleanupReport } from '../report/cleanup';
import { deletionOrder, okBody, type Send } from './listing';
import { runPool } from './pool';
import type { RunPlan } from './plan';

/**
 * The run id a resource's run-id tag names: `undefined` when it carries none, `null` when its tags cannot be read.
 * The one proof that a resource is a run's: the ledger leaves another run's alone, the sweeper deletes only a proven one.
 */
export async function runIdTagOf(send: Send, tagging: TaggingSpec, arn: string): Promise<string | undefined | null> {
  const listed = okBody(await send(tagging.list, { [tagging.arnMember]: arn }));
  if (!listed) return null;
  return tagsIn(listed[tagging.tagsMember]).find((t) => t.Key === RUN_ID_TAG)?.Value;
}

/** Names are compared without case, as SageMaker's ARNs write them in lower case: one delete per name. */
function keyOf(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : (JSON.stringify(value) ?? 'absent');
}

function arnName(service: ServiceSpec, arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  return new RegExp(service.arnPattern).exec(arn)?.[5];
}

/**
 * What a run may have created, and its deletion. Every create call that succeeded, or whose outcome is unknown (no
 * answer, a 5xx), is written down (the values its name member was sent with, and the name in a returned ARN), and
 * clean-up deletes each, leaving alone what carries another run's tag. Nothing else is deleted.
 */
export class Ledger {
  /** Per resource type, the identifying values creates were sent with, keyed by their JSON (absent is `undefined`). */
  private readonly created = new Map<string, Map<string, unknown>>();
  /** Whether any create call may have reached the target; if none did, there is nothing to clean up. */
  private everReached = false;

  /**
   * @param send sends one call (the session's patient sender)
   * @param ownTarget the target is a mock or moto_server the run started: reachable by no one else, so every name on it is the run's
   */
  constructor(
    private readonly plan: RunPlan,
    private readonly send: Send,
    private readonly ownTarget: boolean,
  ) {}

  get reached(): boolean {
    return this.everReached;
  }

  private resourceCreatedBy(operation: string): [string, ResourceSpec] | undefined {
    return Object.entries(this.plan.service.resources).find(([, r]) => r.create === operation);
  }

  /**
   * Remembers everything a create call may have made. A faulty target may accept a request it should reject and
   * store it under whatever the name member held (a number, an empty string, nothing at all), so the delete is
   * later sent with that same value; the name in a returned ARN is remembered too. Also for requests the session
   * did not send itself (Pact's verifier replaying a contract), so clean-up deletes those too.
   * Returns the new resource's ARN when the call succeeded.
   */
  track(operation: string, request: Record<string, unknown>, exchange: Exchange): string | undefined {
    const found = this.resourceCreatedBy(operation);
    if (!found) return undefined;
    const [type, resource] = found;
    if (exchange.unsent) return; // never reached the target: nothing can have been created
    // "Slow down" is a refusal to act, whatever its status (a 503 SlowDown too): nothing was created, nothing to delete.
    if (isThrottled(exchange)) return;
    this.everReached = true;
    const status = exchange.response?.status;
    const uncertain = status === undefined || status >= 500;
    if (status !== 200 && !uncertain) return undefined;
    const values = this.created.get(type) ?? new Map<string, unknown>();
    const remember = (value: unknown) => {
      const key = keyOf(value);
      if (!values.has(key)) values.set(key, value);
    };
    const sent = request[resource.nameMember];
    remember(sent);
    let arn: string | undefined;
    if (status === 200) {
      const parsed = parseBody(exchange.response!.body);
      const returned = parsed.kind === 'object' ? parsed.value[resource.arnMember] : undefined;
      const name = arnName(this.plan.service, returned);
      // Only a name the run itself sent, or one under its own prefix, is ever deleted or tagged: an ARN naming
      // anything else (a buggy proxy, a shared emulator) names someone else's resource (the judge fails it).
      const ours = (n: string) => (typeof sent === 'string' && n.toLowerCase() === sent.toLowerCase()) || this.ownsName(n);
      if (name && ours(name)) {
        if (this.ownsName(name)) remember(name);
        arn = returned as string;
      }
    }
    this.created.set(type, values);
    return arn;
  }

  /** Whether a create of this process may have made the resource of this type and name (since the last clean-up). */
  has(type: string, value: unknown): boolean {
    return this.created.get(type)?.has(keyOf(value)) === true;
  }

  /**
   * A read that found a resource the case expected not to exist (a target that created a config named "None" from
   * a null name): the run made it, so the run deletes it.
   */
  trackFound(operation: string, request: Record<string, unknown>, exchange: Exchange): void {
    const found = Object.entries(this.plan.service.resources).find(([, r]) => r.describe === operation);
    if (!found || exchange.response?.status !== 200) return;
    const [type, resource] = found;
    const name = request[resource.nameMember];
    if (typeof name !== 'string') return;
    const values = this.created.get(type) ?? new Map<string, unknown>();
    if (!values.has(name.toLowerCase())) values.set(name.toLowerCase(), name);
    this.created.set(type, values);
  }

  /**
   * A name without the run's prefix (an empty, numeric or digits-only name a faulty target accepted) may be another
   * run's on a shared target: it is left alone when the target shows another run's run-id tag on it. (A target that
   * cannot show tags on it, as moto cannot for a numeric name, gives no proof either way: the delete goes ahead.)
   */
  private async otherRunsTag(resource: ResourceSpec, value: unknown): Promise<string | undefined> {
    if (typeof value === 'string' && value.toLowerCase().startsWith(`${this.plan.prefix}${this.plan.runId}`.toLowerCase())) return undefined;
    if (this.ownTarget) return undefined;
    const tagging = this.plan.service.tagging;
    if (!tagging) return undefined;
    const described = okBody(await this.send(resource.describe, value === undefined ? {} : { [resource.nameMember]: value }));
    const arn = described?.[resource.arnMember];
    if (typeof arn !== 'string') return undefined;
    const tag = await runIdTagOf(this.send, tagging, arn);
    return typeof tag === 'string' && tag !== this.plan.runId ? tag : undefined;
  }

  private async deleteOne(resource: ResourceSpec, value: unknown, report: CleanupReport): Promise<void> {
    const name = typeof value === 'string' ? value : String(JSON.stringify(value) ?? '(no name)');
    const other = await this.otherRunsTag(resource, value);
    if (other !== undefined) {
      (report.kept ??= []).push({ resource: resource.arnType, name, reason: `tagged ${RUN_ID_TAG}=${other}: another run's` });
      return;
    }
    const exchange = await this.send(resource.delete, value === undefined ? {} : { [resource.nameMember]: value });
    const r = exchange.response;
    if (r?.status === 200) {
      report.deleted.push(`${resource.arnType}/${name}`);
      return;
    }
    const text = r?.body ?? '';
    // Never created, or already gone (a case deleted it): whatever 4xx a target gives a name it does not have.
    if (r && r.status >= 400 && r.status < 500 && /could not find|does not exist|not found/i.test(text)) return;
    if (r && r.status === 400) {
      // A name that is not a string (absent, a number) cannot name anything on a conforming target; a faulty one
      // that stored such a request under another name was cleaned through the name in its ARN.
      const parsed = parseBody(text);
      if (typeof value !== 'string' && errorCodeOf(r, parsed.kind === 'object' ? parsed.value : undefined) === 'ValidationException') return;
    }
    // A refusal that does not say why (no message): nothing is left if the target cannot describe the name either.
    if (r && r.status >= 400 && r.status < 500 && typeof value === 'string') {
      const described = (await this.send(resource.describe, { [resource.nameMember]: value })).response?.status;
      if (described !== undefined && described >= 400 && described < 500) return;
    }
    report.leftovers.push({ resource: resource.arnType, name, reason: r ? `HTTP ${r.status}: ${snippet(text)}` : (exchange.transportError ?? 'no response') });
  }

  /** A name under the run's own prefix (`sc-<run id>`): the run's, whatever the target did with it. */
  private ownsName(name: string): boolean {
    return name.toLowerCase().startsWith(`${this.plan.prefix}${this.plan.runId}`.toLowerCase());
  }

  /**
   * Deletes everything the run created into `report`: what the cases made, then the setup resources. Only names this
   * process's own creates were sent with (or that their answers named) are deleted: a name under the run's prefix
   * that the target lists is not proof (another run given the same run id makes the same names), and the `sweep`
   * command is there for what a crashed run left.
   */
  async deleteAll(concurrency: number, report: CleanupReport): Promise<void> {
    const setupTypes = new Set(this.plan.ownsModel ? this.plan.requires : []);
    for (const type of deletionOrder(this.plan.service, setupTypes)) {
      const resource = this.plan.service.resources[type]!;
      const values = [...(this.created.get(type)?.values() ?? [])];
      await runPool(values, concurrency, (value) => this.deleteOne(resource, value, report));
      this.created.delete(type);
    }
  }
}
