/**
 * The one thing a consumer team needs from this project to write Pact tests with `@aws-sdk/client-sagemaker`.
 *
 * The SDK labels its awsJson1.1 requests `application/x-amz-json-1.1`; Pact's core compares bodies of that type
 * byte for byte, so matchers never apply, and pact-js's `jsonBody` labels the expectation `application/json`. This
 * middleware relabels the SDK's requests `application/json` at the last step before sending: use it on the client
 * of your Pact tests only (never in production). `sagemaker-conformance verify` replays the real type.
 *
 * @example
 * import { SageMakerClient } from '@aws-sdk/client-sagemaker';
 * import { forPact } from 'sagemaker-conformance/pact';
 * const client = forPact(new SageMakerClient({ endpoint: mockServer.url, region: 'us-east-1', credentials }));
 */
export function forPact<C extends { middlewareStack: { add: (...args: never[]) => unknown } }>(client: C): C {
  const add = client.middlewareStack.add as unknown as (middleware: unknown, options: Record<string, unknown>) => void;
  add(
    (next: (args: unknown) => Promise<unknown>) => async (args: { request?: { headers?: Record<string, string> } }) => {
      const headers = args.request?.headers;
      if (headers) {
        for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
        headers['content-type'] = 'application/json';
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'pactJsonContentType' },
  );
  return client;
}
