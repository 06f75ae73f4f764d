import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBroker {
  url: string;
  /** Every request: method, path, Authorization header and body. */
  requests: { method: string; path: string; authorization: string | undefined; body: string }[];
  close(): Promise<void>;
}

/**
 * Just enough of a Pact Broker on 127.0.0.1 for `pact-broker publish`: the HAL index naming
 * `pb:publish-contracts`, and that endpoint accepting the contracts.
 */
export async function startFakeBroker(): Promise<FakeBroker> {
  const requests: FakeBroker['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/hal+json');
      if (req.method === 'GET' && req.url === '/') {
        res.end(JSON.stringify({ _links: { 'pb:publish-contracts': { href: `${base}/contracts/publish` } } }));
      } else if (req.method === 'POST' && req.url === '/contracts/publish') {
        res.end(JSON.stringify({ logs: [{ level: 'info', message: 'published' }], _links: {} }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
