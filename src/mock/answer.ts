import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ApiError } from './api-error';
import type { MockBehaviour } from './behaviour';

/** How the mock writes its answers: the behaviour's choices, the content type, whether errors name their code in a header too. */
export interface AnswerStyle {
  behaviour: MockBehaviour;
  contentType: string;
  errorTypeHeader: boolean;
}

/** A JSON answer, with its length and (unless a fault leaves it out) a request id. */
export function sendJson(res: ServerResponse, style: AnswerStyle, status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': style.contentType, 'content-length': Buffer.byteLength(text), ...extra };
  if (style.behaviour.sendRequestId) headers['x-amzn-RequestId'] = randomUUID();
  res.writeHead(status, headers).end(text);
}

/** An error as awsJson1.1 writes it: the code in the body's `__type` (or an x-amzn-ErrorType header), and a message. */
export function sendError(res: ServerResponse, style: AnswerStyle, error: ApiError): void {
  const { behaviour } = style;
  const body: Record<string, unknown> = {};
  const headers: Record<string, string> = {};
  if (behaviour.sendErrorCode) {
    if (behaviour.errorTypeInBody) body.__type = error.code;
    if (style.errorTypeHeader || !behaviour.errorTypeInBody)
      headers['x-amzn-ErrorType'] = `${error.code}:http://internal.amazon.com/coral/com.amazonaws.sagemaker/`;
  }
  if (behaviour.sendErrorMessage) body.message = error.message;
  sendJson(res, style, error.status, body, headers);
}

/** The HTML page some emulators answer an unknown operation with (a fault). */
export function sendHtml500(res: ServerResponse): void {
  const page = '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n';
  res.writeHead(500, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) }).end(page);
}
