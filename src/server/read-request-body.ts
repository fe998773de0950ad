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
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limitBytes) {
      request.resume();
      throw new GeorouteError('payload_too_large', `Request body exceeds the limit of ${limitBytes} bytes.`);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new GeorouteError('invalid_json', 'The request body is empty; a JSON object is expected.');
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
