import type { ResourceSpec, ServiceSpec } from '../spec/types';

/**
 * What a consumer's pact may make the verifier do to a target. A pact is someone else's text: it is never an
 * instruction to delete or change what is already there, nor to call operations outside the resources the contracts
 * describe (contracts/service.json). Each replayed request is checked here before it is sent; a refused one is not
 * sent, and its interaction is reported not run, with the reason.
 */

/** What the guard needs to know of the verification: what this interaction's provider states created, and the target. */
export interface GuardView {
  /** This process created the resource (a provider state, or the interaction's own create) since the last reset. */
  created(type: string, name: unknown): boolean;
  /** The resource is on the target now (a describe answered 200). */
  exists(type: string, name: unknown): Promise<boolean>;
}

type Role = 'create' | 'describe' | 'delete' | 'list';

/** Each operation of the contracts' resources and what it does to which resource type. */
export function operationRoles(service: ServiceSpec): Map<string, { type: string; resource: ResourceSpec; role: Role }> {
  const roles = new Map<string, { type: string; resource: ResourceSpec; role: Role }>();
  for (const [type, resource] of Object.entries(service.resources)) {
    roles.set(resource.create, { type, resource, role: 'create' });
    roles.set(resource.describe, { type, resource, role: 'describe' });
    roles.set(resource.delete, { type, resource, role: 'delete' });
    roles.set(resource.list.operation, { type, resource, role: 'list' });
  }
  return roles;
}

/** Why the request must not be sent, or undefined when it may be. */
export async function refusal(
  service: ServiceSpec,
  view: GuardView,
  operation: string,
  body: Record<string, unknown> | undefined,
): Promise<string | undefined> {
  const roles = operationRoles(service);
  const found = roles.get(operation);
  if (!found)
    return `it calls ${operation || 'no operation (no X-Amz-Target)'}, which is not an operation of the resources the contracts describe (${[...roles.keys()].join(', ')})`;
  const { type, resource, role } = found;
  if (role === 'describe' || role === 'list') return undefined;
  const name = body?.[resource.nameMember];
  const shown = typeof name === 'string' ? name : JSON.stringify(name ?? null);
  if (role === 'delete' && !view.created(type, name))
    return `it would delete the ${resource.label} ${shown}, which its provider states did not create (it was on the target before, or no state names it)`;
  if (role === 'create' && !view.created(type, name) && (await view.exists(type, name)))
    return `it would create the ${resource.label} ${shown} over one that was on the target before its provider states ran`;
  return undefined;
}
