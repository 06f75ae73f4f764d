import { rmSync } from 'node:fs';

/** Removes the run's temporary folder (see global-setup.ts). */
export default function globalTeardown(): void {
  const root = process.env.SAGEMAKER_CONFORMANCE_TEST_TMP;
  if (root) rmSync(root, { recursive: true, force: true });
}
