import type { CaseResult } from '../report/results';
import { clauseLine, failureLines } from '../report/model';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The case passed: prints each failed check, expected against actual, and the spec clause otherwise. */
      toConform(): R;
    }
  }
}

export const conformanceMatchers = {
  toConform(received: CaseResult) {
    const pass = received.status === 'passed';
    return {
      pass,
      message: () =>
        pass
          ? `${received.id} passed`
          : [`${received.id} ${received.status}: ${received.title}`, ...failureLines(received).map((l) => `  ${l}`), `  clause: ${clauseLine(received)}`].join(
              '\n',
            ),
    };
  },
};
