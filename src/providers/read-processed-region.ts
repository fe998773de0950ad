/**
 * Where an upstream that routes on its own says it processed a request. A georoute gateway used as an upstream
 * says so in `x-georoute-inference-region`; Bedrock's runtime API says nothing (its CloudTrail does, afterwards).
 * Only a well-formed region id is taken: the value goes into audit records.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const PROCESSED_REGION_HEADER = 'x-georoute-inference-region';
const REGION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function readProcessedRegion(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers[PROCESSED_REGION_HEADER];
  const value = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  return value !== undefined && REGION_ID.test(value) ? value : undefined;
}
