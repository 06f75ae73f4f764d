import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the real target answered to a forwarded call. */
export interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One call arriving at the proxy, with ways to answer it. */
export interface ProxyCall {
  /** 1-based number of this call among all calls the proxy received. */
  n: number;
  /** The operation from `X-Amz-Target` (`CreateEndpointConfig`), or '' for anything else. */
  operation: string;
  req: IncomingMessage;
  res: ServerResponse;
  /** Sends the call on to the real target and returns its answer without relaying it. */
  forward(): Promise<Upstream>;
  /** Relays the real target's answer unchanged. */
  pass(): Promise<void>;
}

export interface RunningProxy {
  url: string;
  /** Calls received so far. */
  calls(): number;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a real target (the reference mock) that lets a test break chosen calls: answer
 * an HTML 502, cut a body short, reset the connection, stall, throttle. Everything else goes through, so
 * set-up and clean-up work and the test can check that nothing was left behind.
 */
export async function startFaultyProxy(upstream: string, handle: (call: ProxyCall) => Promise<void> | void): Promise<RunningProxy> {
  const target = new URL(upstream);
  let count = 0;
  const server = createServer((req, res) => {
    const n = ++count;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = () =>
        new Promise<Upstream>((resolve, reject) => {
          const out = httpRequest(
            // The Host header stays as the client signed it: a transparent proxy, so SigV4 signatures still verify behind it.
            { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers } },
            (answer) => {
              const parts: Buffer[] = [];
              answer.on('data', (c: Buffer) => parts.push(c));
              answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(parts) }));
              answer.on('error', reject);
            },
          );
          out.on('error', reject);
          out.end(body);
        });
      const pass = async () => {
        const answer = await forward();
        res.writeHead(answer.status, answer.headers).end(answer.body);
      };
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      Promise.resolve(handle({ n, operation, req, res, forward, pass })).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
