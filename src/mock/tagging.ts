import type { ServiceSpec, TaggingSpec } from '../spec/types';
import { tagsIn } from '../client/tags';
import type { ApiError } from './api-error';
import type { ResourceStore, StoredResource } from './store';

type TagHandler = (request: Record<string, unknown>) => Record<string, unknown>;

/** AddTags and ListTags by ARN, for every resource type: enough for the run's labels and the sweeper. */
export function tagHandlers(
  service: ServiceSpec,
  tagging: TaggingSpec,
  store: ResourceStore,
  validationError: (message: string) => ApiError,
): [string, TagHandler][] {
  const resourceAt = (request: Record<string, unknown>): StoredResource => {
    const arn = request[tagging.arnMember];
    const found = typeof arn === 'string' ? storedAt(service, store, arn) : undefined;
    if (!found) throw validationError(`Could not find resource ${JSON.stringify(arn ?? null)}.`);
    return found;
  };
  const addTags: TagHandler = (request) => {
    const found = resourceAt(request);
    const adding = tagsIn(request[tagging.tagsMember]);
    const merged = new Map((found.tags ?? []).map((t) => [t.Key, t]));
    for (const tag of adding) merged.set(tag.Key, tag);
    if (merged.size > tagging.maxTags) throw validationError(`Tags would exceed the maximum of ${tagging.maxTags} per resource.`);
    found.tags = [...merged.values()];
    return { [tagging.tagsMember]: adding };
  };
  const listTags: TagHandler = (request) => ({ [tagging.tagsMember]: resourceAt(request).tags ?? [] });
  return [
    [tagging.add, addTags],
    [tagging.list, listTags],
  ];
}

/** The stored resource an ARN names (its type by the ARN's resource type, its name after the slash), if any. */
function storedAt(service: ServiceSpec, store: ResourceStore, arn: string): StoredResource | undefined {
  const match = new RegExp(service.arnPattern).exec(arn);
  const type = match ? Object.keys(service.resources).find((t) => service.resources[t]!.arnType === match[4]) : undefined;
  return type && match ? store.get(type, match[5]!) : undefined;
}
