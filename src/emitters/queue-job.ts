/**
 * What a QueueEmitter's job holds and how its failure reads: shared by the emitter (which reports a job
 * that failed for good) and `plowtype worker queue` (which fails a job with the delivery error's code).
 */
import { DeliveryError, type DeliveryErrorCode } from './failure.js';

/** A job's data: the JSON text of each event's payload record, in order. */
export interface QueueJobData {
  readonly events: readonly string[];
}

const CODE = /^(SP_ERR_[A-Z_]+): /;

/** The reason a worker fails a job with: `<code>: <message>`, so the app gets the code back. */
export function jobFailureReason(error: DeliveryError): string {
  return `${error.code}: ${error.message}`;
}

/** The error an app receives for a job that failed for good (the code from its reason, else SP_ERR_NETWORK). */
export function jobFailure(
  queue: string,
  jobId: string,
  attempts: number | undefined,
  reason: string,
): DeliveryError {
  const code = (reason.match(CODE)?.[1] ?? 'SP_ERR_NETWORK') as DeliveryErrorCode;
  const tries = attempts === undefined ? '' : ` after ${attempts} attempt(s)`;
  return new DeliveryError(code, `Queue job ${queue}/${jobId} failed${tries}: ${reason.replace(CODE, '')}`);
}
