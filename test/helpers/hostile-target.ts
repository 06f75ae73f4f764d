import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call as a hostile target saw it. */
export interface SeenCall {
  operation: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Answer = (call: SeenCall, res: ServerResponse) => void;

export interface HostileTarget {
  url: string;
  seen: SeenCall[];
  close(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.1';

/** Answers as a plain SageMaker would for set-up and clean-up: the model is created, lists are empty, deletes succeed. */
export function ordinary(call: SeenCall, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': JSON_TYPE, 'x-amzn-requestid': 'req-1' });
  if (call.operation.startsWith('List')) res.end(JSON.stringify({ EndpointConfigs: [], Models: [], Tags: [] }));
  else if (call.operation === 'CreateModel') res.end(JSON.stringify({ ModelArn: 'arn:aws:sagemaker:us-east-1:123456789012:model/m' }));
  else res.end('{}');
}

export function errorAnswer(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.writeHead(status, { 'content-type': JSON_TYPE, 'x-amzn-requestid': 'req-1' });
  res.end(JSON.stringify({ __type: code, message, ...extra }));
}

/** A loopback target whose answers the test writes; everything else gets `ordinary`. Stopped by the test that started it. */
export async function startHostileTarget(answer: Answer): Promise<HostileTarget> {
  const seen: SeenCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const call = { operation: target.split('.').pop() ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(call);
      answer(call, res);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
