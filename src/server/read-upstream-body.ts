/**
 * Runs a zod schema over what an upstream sent (a whole answer, or one stream event) and turns a mismatch into the
 * catalog error for it: a malformed answer is the model's fault, not the caller's (`upstream_rejected`, 424,
 * ModelErrorException); a malformed stream event ends the stream as `stream_interrupted`, never a clean end. The
 * counterpart of `parse-wire-body.ts`, which does the same for request bodies.
 */
import type { z } from 'zod';
import { GeorouteError } from '../errors/error-catalog.js';
import { formatFieldPath } from './parse-wire-body.js';

function where(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined || issue.path.length === 0 ? '' : ` at '${formatFieldPath(issue.path)}'`;
}

/** `body` as `schema`'s output, or `upstream_rejected` naming the first offending field. */
export function readUpstreamBody<S extends z.ZodTypeAny>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new GeorouteError('upstream_rejected', `The upstream returned a malformed ${what}${where(result.error)}.`, { cause: result.error });
}

/** The JSON text of one stream event, parsed, or `stream_interrupted`. */
export function parseStreamEventJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new GeorouteError('stream_interrupted', `The upstream sent a ${what} that is not JSON.`, { cause });
  }
}

/** One parsed stream event as `schema`'s output, or `stream_interrupted` naming the first offending field. */
export function readUpstreamStreamEvent<S extends z.ZodTypeAny>(schema: S, json: unknown, what: string): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw new GeorouteError('stream_interrupted', `The upstream sent a malformed ${what}${where(result.error)}.`, { cause: result.error });
}
