/** Reading request bodies and writing JSON responses on Node's HTTP objects. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimError } from './sim-error.js';

/** Bodies larger than this are answered 413. */
export const maxRequestBodyBytes = 10 * 1024 * 1024;

export async function readRequestBody(req: IncomingMessage, limitBytes = maxRequestBodyBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limitBytes) throw new SimError('payload_too_large', `Request body exceeds ${limitBytes} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON object body; anything else is a 400 (`invalid_json` or `invalid_request`). */
export function parseJsonObject(body: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new SimError('invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SimError('invalid_request', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function writeJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** Cuts the connection without a clean end of the response: what a broken upstream looks like. */
export function cutConnection(res: ServerResponse): void {
  res.socket?.destroy();
  res.destroy();
}
