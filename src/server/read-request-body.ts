/** Reads a request body up to a limit; a larger body is a 413, never a silent truncation. */
import { GeorouteError } from '../errors/error-catalog.js';
import { headerValue, type InboundRequest } from './http-exchange.js';

export async function readRequestBody(request: InboundRequest, limitBytes: number): Promise<Buffer> {
  const declared = Number(headerValue(request, 'content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    throw new GeorouteError('payload_too_large', `Request body of ${declared} bytes exceeds the limit of ${limitBytes} bytes.`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limitBytes) {
        request.resume();
        throw new GeorouteError('payload_too_large', `Request body exceeds the limit of ${limitBytes} bytes.`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof GeorouteError) throw error;
    throw new GeorouteError('client_closed', 'The client closed the connection before the request body was complete.', { cause: error });
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** Deeper JSON than any real request needs; deeper input is refused before it can exhaust a stack later on. */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of the arrays and objects in JSON text, counted outside strings, stopping past `limit`. */
export function jsonNestingDepth(body: Uint8Array, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new GeorouteError('invalid_json', 'The request body is empty; a JSON object is expected.');
  if (jsonNestingDepth(body) > MAX_JSON_DEPTH) {
    throw new GeorouteError('invalid_json', `The request body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`);
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new GeorouteError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const value = parseJsonBody(body);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GeorouteError('invalid_request', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
