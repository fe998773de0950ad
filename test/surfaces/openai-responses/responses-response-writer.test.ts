/**
 * The Responses SSE writer beside its behaviour: the closing event waits for the pipeline's end of stream (after
 * the audit commit), a failure after the first byte is response.failed then error (never the held completion), a
 * stream that never completed is a failure, and a response that cannot be kept is withheld.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import type { OutboundResponse } from '../../../src/server/http-exchange.js';
import { ResponsesResponseWriter } from '../../../src/surfaces/openai-responses/responses-response-writer.js';

class FakeResponse extends EventEmitter {
  body = '';
  status = 0;
  headersSent = false;
  writeHead(status: number): this {
    this.status = status;
    this.headersSent = true;
    return this;
  }
  write(chunk: string | Uint8Array): boolean {
    this.body += String(chunk);
    return true;
  }
  end(chunk?: string | Uint8Array): this {
    if (chunk !== undefined) this.body += String(chunk);
    return this;
  }
  destroy(): this {
    return this;
  }
}

const event = (eventType: string, data: Record<string, unknown>) => ({ format: 'openai-responses' as const, eventType, data: JSON.stringify({ type: eventType, ...data }) });
const turn = () => new Promise((resolve) => setImmediate(resolve));
const types = (body: string) => [...body.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);

describe('Responses response writer', () => {
  it('holds response.completed until endStream, then keeps and writes it', async () => {
    const response = new FakeResponse();
    const kept: unknown[] = [];
    const writer = new ResponsesResponseWriter(response as unknown as OutboundResponse, (r) => kept.push(r), () => undefined);
    writer.startStream({});
    await writer.writeEvent(event('response.created', { sequence_number: 0, response: { id: 'resp_1', status: 'in_progress' } }));
    await writer.writeEvent(event('response.completed', { sequence_number: 1, response: { id: 'resp_1', status: 'completed' } }));
    await turn();
    assert.deepEqual(types(response.body), ['response.created'], 'nothing says complete before the pipeline ends the stream');
    writer.endStream();
    assert.deepEqual(types(response.body), ['response.created', 'response.completed']);
    assert.deepEqual(kept, [{ id: 'resp_1', status: 'completed' }]);
  });

  it('a failure after the first byte is response.failed then error, numbered on, and drops the held completion', async () => {
    const response = new FakeResponse();
    const writer = new ResponsesResponseWriter(response as unknown as OutboundResponse, undefined, () => undefined);
    writer.startStream({});
    await writer.writeEvent(event('response.created', { sequence_number: 0, response: { id: 'resp_2', status: 'in_progress' } }));
    await writer.writeEvent(event('response.completed', { sequence_number: 1, response: { id: 'resp_2' } }));
    writer.failStream(new GeorouteError('stream_interrupted', 'The upstream stream was interrupted before it completed.'));
    assert.deepEqual(types(response.body), ['response.created', 'response.failed', 'error']);
    const failed = JSON.parse(/event: response.failed\ndata: (.*)\n/.exec(response.body)?.[1] ?? '{}') as { sequence_number: number; response: { id: string; status: string; error: { code: string } } };
    assert.equal(failed.sequence_number, 1);
    assert.deepEqual([failed.response.id, failed.response.status, failed.response.error.code], ['resp_2', 'failed', 'server_error']);
  });

  it('a stream that ends without response.completed is a failure, not a clean end', async () => {
    const response = new FakeResponse();
    const writer = new ResponsesResponseWriter(response as unknown as OutboundResponse, undefined, () => undefined);
    writer.startStream({});
    await writer.writeEvent(event('response.created', { sequence_number: 0, response: { id: 'resp_3' } }));
    writer.endStream();
    assert.deepEqual(types(response.body), ['response.created', 'response.failed', 'error']);
  });

  it('a JSON answer that cannot be kept is withheld with a 500', () => {
    const response = new FakeResponse();
    const failures: unknown[] = [];
    const writer = new ResponsesResponseWriter(response as unknown as OutboundResponse, () => {
      throw new Error('disk full');
    }, (e) => failures.push(e));
    writer.sendJson({ id: 'resp_4', output: [] }, {});
    assert.equal(response.status, 500);
    assert.ok(!response.body.includes('resp_4'));
    assert.equal(failures.length, 1);
  });
});
