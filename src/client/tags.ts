import { SUITE_NAME, SUITE_VERSION } from '../version';

/** Tag keys that mark a resource as made by this suite; the sweeper deletes nothing without `RUN_ID_TAG`. */
export const RUN_ID_TAG = `${SUITE_NAME}:run-id`;
export const SUITE_VERSION_TAG = `${SUITE_NAME}:suite-version`;

export interface Tag {
  Key: string;
  Value: string;
}

/** The tags every resource a run creates carries: the run id and the suite version. */
export function runTags(runId: string, version: string = SUITE_VERSION): Tag[] {
  return [
    { Key: RUN_ID_TAG, Value: runId },
    { Key: SUITE_VERSION_TAG, Value: version },
  ];
}

export function planTags(plan: { runId: string }): Tag[] {
  return runTags(plan.runId);
}

/** Tags from an untrusted `ListTags`-style body member. */
export function tagsIn(value: unknown): Tag[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is Tag => typeof t === 'object' && t !== null && typeof (t as Tag).Key === 'string' && typeof (t as Tag).Value === 'string');
}
