import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DUMMY_CREDENTIALS } from '../client/credentials';
import type { RecordedAnswer, RecordedRequest, Signing } from '../client/recording/format';
import { NOT_RECORDED, NOT_RECORDED_HEADER } from '../client/recording/not-recorded';
import type { Recording } from '../client/recording/read';
import { Normaliser, Restorer, type RunIdentity } from '../client/recording/transform';
import { parseAuthorization, signatureMatches } from '../mock/auth';
import type { StartedTarget } from '../engine/started-target';

/** The key a request is matched by: the headers that choose the operation, how it was signed, its normalised body. */
export function requestKey(request: RecordedRequest): string {
  return JSON.stringify([request.target, request.contentType, request.signing, request.body ?? null, request.bodyText ?? null]);
}

/** The answers a recording gives each request, in the recording's order (what a create or delete left shows next). */
interface Answers {
  answers: (RecordedAnswer | undefined)[];
  next: number;
}

function indexOf(recording: Recording): Map<string, Answers> {
  const index = new Map<string, Answers>();
  for (const exchange of recording.exchanges) {
    const key = requestKey(exchange.request);
    const entry = index.get(key) ?? { answers: [], next: 0 };
    entry.answers.push(exchange.answer);
    index.set(key, entry);
  }
  return index;
}

/** How the request was signed, as the recording says it: unsigned, for another region, with a wrong secret, or right. */
async function signingOf(req: IncomingMessage, body: string, region: string): Promise<Signing> {
  const header = req.headers.authorization;
  if (!header) return 'none';
  const auth = parseAuthorization(header);
  if (!auth) return 'wrong-secret';
  if (auth.region !== region) return 'other-region';
  const ok = await signatureMatches(auth, DUMMY_CREDENTIALS, { method: req.method ?? 'POST', path: req.url ?? '/', headers: req.headers, body });
  return ok ? 'signed' : 'wrong-secret';
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Starts a loopback server that answers each request with the recorded answer of the same normalised request: the
 * run's names and region put back, fresh request ids and times, tokens it issues itself. The whole engine (SDK and raw
 * paths, signing included) runs unchanged against it. A request the recording does not hold gets HTTP 501 with
 * `x-conformance-replay: not-recorded`, which the session reports as a case not recorded (skipped, never judged).
 */
export async function startReplay(recording: Recording, run: RunIdentity): Promise<StartedTarget> {
  const index = indexOf(recording);
  const normaliser = new Normaliser(run);
  const restorer = new Restorer(run, normaliser);

  const answer = (res: ServerResponse, recorded: RecordedAnswer) => {
    let text = recorded.body !== undefined ? JSON.stringify(restorer.json(recorded.body)) : restorer.text(recorded.bodyText ?? '');
    // A body the recording (or the client) cut is sent at its full size again, so the client cuts it as it did.
    const size = Math.max(recorded.truncatedAt ?? 0, recorded.bodySize ?? 0);
    if (Buffer.byteLength(text) < size) text += ' '.repeat(size - Buffer.byteLength(text));
    const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(text) };
    for (const [name, value] of Object.entries(recorded.headers)) headers[name] = name === 'x-amzn-requestid' ? randomUUID() : restorer.text(value);
    res.writeHead(recorded.status, headers).end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      void signingOf(req, text, run.region).then((signing) => {
        const request: RecordedRequest = {
          target: header(req, 'x-amz-target'),
          contentType: header(req, 'content-type'),
          signing,
          ...normaliser.body(text, false),
        };
        const entry = index.get(requestKey(request));
        if (!entry) {
          const body = JSON.stringify({ __type: 'NotRecorded', message: 'the recording holds no answer to this request' });
          res
            .writeHead(501, { 'content-type': 'application/x-amz-json-1.1', [NOT_RECORDED_HEADER]: NOT_RECORDED, 'content-length': Buffer.byteLength(body) })
            .end(body);
          return;
        }
        const recorded = entry.answers[entry.next];
        if (entry.next < entry.answers.length - 1) entry.next += 1;
        // No answer was recorded (the connection failed): none is given.
        if (!recorded) return void req.socket.destroy();
        answer(res, recorded);
      });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { header: h } = recording;
  return {
    kind: 'replay',
    url,
    local: true,
    label: `replay of ${recording.dir} (${h.target.label}, ${h.region}, ${h.edition} edition, recorded ${h.recordedOn}) on ${url}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
