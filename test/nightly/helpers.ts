import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export { captureIo } from '../helpers/io';

export interface SeenRequest {
  operation: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Proxy {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A loopback server in front of `upstream`: records every request, lets `intercept` answer instead, and can
 * delay each answer. What the tests put between the suite and the mock to watch or bend the traffic.
 */
export async function startProxy(
  upstream: string,
  options: { intercept?: (req: SeenRequest) => Answer | undefined | Promise<Answer | undefined>; delayMs?: number } = {},
): Promise<Proxy> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const request: SeenRequest = { operation: String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '', headers: req.headers, body };
      seen.push(request);
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      let answer = await options.intercept?.(request);
      // Forwarded byte for byte with the original Host header, so a signature over it still holds upstream.
      answer ??= await forward(upstream, req, body);
      res.writeHead(answer.status, answer.headers).end(answer.body);
    })().catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An awsJson error answer. */
export function errorAnswer(status: number, code: string, message: string): Answer {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'test', 'x-amzn-errortype': code },
    body: JSON.stringify({ __type: code, message }),
  };
}

function forward(upstream: string, req: IncomingMessage, body: string): Promise<Answer> {
  const target = new URL(upstream);
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (typeof v === 'string' && !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)) headers[k] = v;
          resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}
