/**
 * The OpenAI writer relays upstream frames as bytes, exactly; strips the usage-only chunk unless the client asked for
 * usage; coalesces one turn's events into one write; waits for `drain` after a refused write; ends with `[DONE]`.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { OpenAiResponseWriter } from '../../src/api/openai/openai-response-writer.js';
import type { OutboundResponse } from '../../src/server/http-exchange.js';
import { SseDataParser } from '../../src/upstreams/openai-compatible/sse-data-parser.js';
import type { UpstreamStreamEvent } from '../../src/upstreams/upstream-contract.js';

class RecordingResponse extends EventEmitter implements OutboundResponse {
  headersSent = false;
  writableFinished = false;
  writes: Buffer[] = [];
  refuse = false;
  writeHead(): this {
    this.headersSent = true;
    return this;
  }
  write(chunk: string | Uint8Array): boolean {
    this.writes.push(Buffer.from(chunk));
    return !this.refuse;
  }
  end(chunk?: string | Uint8Array): this {
    if (chunk !== undefined) this.writes.push(Buffer.from(chunk));
    this.writableFinished = true;
    return this;
  }
  destroy(): this {
    return this;
  }
  get body(): Buffer {
    return Buffer.concat(this.writes);
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

const CONTENT = 'data: {"choices":[{"index":0,"delta":{"content":"héllo 日本 🎉"}}],"usage":null}\n\n';
const USAGE = 'data: {"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":3}}\n\n';

function upstreamEvents(body: string): UpstreamStreamEvent[] {
  const parser = new SseDataParser();
  return [...parser.push(Buffer.from(body)), ...parser.end()];
}

async function relay(events: readonly UpstreamStreamEvent[], clientWantsUsage: boolean): Promise<RecordingResponse> {
  const response = new RecordingResponse();
  const writer = new OpenAiResponseWriter(response, clientWantsUsage);
  writer.startStream({});
  for (const event of events) await writer.writeEvent(event);
  await turn();
  writer.endStream();
  return response;
}

describe('OpenAI response writer, byte frames', () => {
  it('writes upstream frames byte for byte, the usage chunk when the client asked for it, then [DONE]', async () => {
    const response = await relay(upstreamEvents(CONTENT + CONTENT + USAGE + 'data: [DONE]\n\n'), true);
    assert.equal(response.body.toString('utf8'), CONTENT + CONTENT + USAGE + 'data: [DONE]\n\n');
    assert.equal(response.writes.length, 2, 'the events of one turn go out in one write');
  });

  it('strips the usage-only chunk when the client did not ask for usage', async () => {
    const response = await relay(upstreamEvents(CONTENT + USAGE + 'data: [DONE]\n\n'), false);
    assert.equal(response.body.toString('utf8'), CONTENT + 'data: [DONE]\n\n');
  });

  it('writes the same bytes for an event without a frame (a bridge) as for the frame', async () => {
    const data = '{"choices":[{"index":0,"delta":{"content":"héllo"}}]}';
    const framed = await relay(upstreamEvents(`data: ${data}\n\n`), true);
    const bridged = await relay([{ format: 'openai-chat', data }], true);
    assert.deepEqual(framed.body, bridged.body);
    const usageOnly = await relay([{ format: 'openai-chat', data: USAGE.slice(6, -2) }], false);
    assert.equal(usageOnly.body.toString('utf8'), 'data: [DONE]\n\n');
  });

  it('waits for drain after a refused write, and keeps the order', async () => {
    const response = new RecordingResponse();
    const writer = new OpenAiResponseWriter(response, true);
    writer.startStream({});
    const [first, second] = upstreamEvents('data: {"n":1}\n\ndata: {"n":2}\n\n');
    response.refuse = true;
    assert.equal(writer.writeEvent(first), undefined);
    await turn();
    const blocked = writer.writeEvent(second);
    assert.ok(blocked instanceof Promise, 'a refused write makes the next event wait');
    response.refuse = false;
    response.emit('drain');
    await blocked;
    await turn();
    writer.endStream();
    assert.equal(response.body.toString('utf8'), 'data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
  });
});
