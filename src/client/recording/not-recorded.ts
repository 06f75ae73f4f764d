import type { Exchange } from '../exchange';

/** The header a replay answers with when its recording holds no answer to the request. */
export const NOT_RECORDED_HEADER = 'x-conformance-replay';
export const NOT_RECORDED = 'not-recorded';
/** The start of every reason a case is skipped for it: reports and the CLI count them by it. */
export const NOT_RECORDED_REASON = 'not recorded';

/** Why the exchange cannot be judged, when a replay said its recording does not hold the request; else undefined. */
export function notRecordedReason(exchange: Exchange): string | undefined {
  const r = exchange.response;
  if (r?.headers[NOT_RECORDED_HEADER] !== NOT_RECORDED) return undefined;
  return `${NOT_RECORDED_REASON}: the recording holds no ${exchange.operation} request like this one`;
}
