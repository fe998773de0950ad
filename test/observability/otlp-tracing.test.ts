/**
 * Traces over OTLP/HTTP to an in-process receiver on loopback: a server span per request (child of the caller's
 * traceparent), a client span per routing attempt whose context reaches the upstream as `traceparent`, the audit
 * commit, GenAI and georoute attributes, and no prompt content anywhere. With tracing off (the default) nothing is
 * exported and no trace context is sent upstream.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { EU_PROFILE } from '../drills/drill-kit.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;
const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  /** Upstream requests as received: path and headers. `/down/` answers 503, `/up/` a completion. */
  const upstreamCalls: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const upstream = createServer((request, response) => {
    upstreamCalls.push({ path: request.url ?? '', headers: request.headers });
    request.resume();
    request.on('end', () => {
      if (request.url?.startsWith('/down/')) {
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"down"}}');
        return;
      }
      const body = JSON.stringify({
        id: 'c1', object: 'chat.completion', created: 1, model: 'nova-upstream',
        choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  let receiver: OtlpReceiver;
  let gateway: TestGateway | undefined;

  before(async () => {
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    receiver = await startOtlpReceiver();
  });
  after(async () => {
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
    await receiver.close();
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    upstreamCalls.length = 0;
    receiver.spans.length = 0;
    receiver.rawBodies.length = 0;
  });

  /** eu-west-1 is down (503), eu-central-1 serves: a request from eu-west-1 makes two attempts. */
  function config(tracing: Record<string, unknown> | undefined): Record<string, unknown> {
    const port = (upstream.address() as AddressInfo).port;
    const base = testConfig({
      regions: [],
      extraDeployments: [
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'openai-compatible', endpoint: `http://127.0.0.1:${port}/down/v1`, upstreamModel: 'nova-down' },
        { model: NOVA_LITE, region: 'eu-central-1', provider: 'openai-compatible', endpoint: `http://127.0.0.1:${port}/up/v1`, upstreamModel: 'nova-up' },
      ],
    });
    return tracing ? { ...base, observability: { tracing } } : base;
  }

  async function post(gw: TestGateway, model: string, marker: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-georoute-source-region': 'eu-west-1', ...headers },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: `Say ${marker} back` }], max_tokens: 8 }),
    });
    await response.text();
    return response;
  }

  it('exports a request span with attempt and audit children, continuing the caller trace and passing it upstream', async () => {
    const marker = `PROMPT-MARKER-${randomUUID()}`;
    const gw = (gateway = await startTestGateway(config({ enabled: true, endpoint: receiver.url, serviceName: 'georoute-test' })));
    const traced = await post(gw, EU_PROFILE, marker, { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01` });
    assert.equal(traced.status, 200);
    assert.equal(traced.headers.get('x-georoute-inference-region'), 'eu-central-1');
    const fresh = await post(gw, EU_PROFILE, marker);
    assert.equal(fresh.status, 200);
    const refused = await post(gw, 'eu.no-such-model', marker);
    assert.equal(refused.status, 404);
    await gw.close(); // flushes the batch
    gateway = undefined;

    assert.ok(receiver.contentTypes.every((type) => type.startsWith('application/json')), 'OTLP/HTTP in JSON');
    const spans = receiver.spans;
    const servers = spans.filter((s) => s.kind === SERVER);
    assert.equal(servers.length, 3, 'one span per request');
    const root = servers.find((s) => s.traceId === CALLER_TRACE_ID);
    assert.ok(root, 'the request span continues the caller trace');
    assert.equal(root.parentSpanId, CALLER_SPAN_ID);
    assert.equal(root.resource['service.name'], 'georoute-test');
    assert.equal(root.name, `chat ${EU_PROFILE}`);
    const a = root.attributes;
    assert.equal(a['gen_ai.operation.name'], 'chat');
    assert.equal(a['gen_ai.request.model'], EU_PROFILE);
    assert.equal(a['gen_ai.response.model'], 'nova-up');
    assert.equal(a['gen_ai.provider.name'], 'openai-compatible');
    assert.equal(a['gen_ai.usage.input_tokens'], 11);
    assert.equal(a['gen_ai.usage.output_tokens'], 7);
    assert.equal(a['georoute.source_region'], 'eu-west-1');
    assert.equal(a['georoute.inference_region'], 'eu-central-1');
    assert.equal(a['georoute.spillover'], true);
    assert.equal(a['georoute.profile'], EU_PROFILE);
    assert.deepEqual([...(a['georoute.boundary'] as string[])].sort(), ['eu-central-1', 'eu-west-1']);
    assert.equal(a['georoute.boundary.size'], 2);
    assert.equal(a['georoute.attempts'], 2);
    assert.equal(a['http.response.status_code'], 200);
    assert.equal(a['georoute.request_id'], traced.headers.get('x-request-id'));
    assert.equal(root.status.code ?? 0, 0, 'unset status on success');

    const children = spans.filter((s) => s.parentSpanId === root.spanId);
    const attempts = children.filter((s) => s.kind === CLIENT).sort((x, y) => Number(x.attributes['georoute.attempt']) - Number(y.attributes['georoute.attempt']));
    assert.equal(attempts.length, 2);
    assert.equal(attempts[0].attributes['georoute.inference_region'], 'eu-west-1');
    assert.equal(attempts[0].attributes['error.type'], 'unavailable');
    assert.equal(attempts[0].attributes['http.response.status_code'], 503);
    assert.equal(attempts[0].status.code, 2, 'error status');
    assert.equal(attempts[1].attributes['georoute.inference_region'], 'eu-central-1');
    assert.equal(attempts[1].attributes['gen_ai.request.model'], 'nova-up');
    assert.equal(attempts[1].attributes['georoute.attempt.outcome'], 'success');
    const audit = children.filter((s) => s.kind === INTERNAL);
    assert.deepEqual(audit.map((s) => s.name), ['georoute.audit.commit']);
    assert.ok(BigInt(root.startTimeUnixNano) <= BigInt(attempts[0].startTimeUnixNano), 'the request span starts when the request arrived');

    // Each attempt's own span context went to the upstream.
    const tracedCalls = upstreamCalls.filter((c) => String(c.headers.traceparent ?? '').includes(CALLER_TRACE_ID));
    assert.deepEqual(tracedCalls.map((c) => c.headers.traceparent), attempts.map((s) => `00-${CALLER_TRACE_ID}-${s.spanId}-01`));

    // A request without traceparent starts a trace of its own; a refused one is traced too, with its error code.
    const own = servers.find((s) => s !== root && s.attributes['http.response.status_code'] === 200);
    assert.ok(own && own.traceId !== CALLER_TRACE_ID && own.parentSpanId === undefined);
    const refusedSpan = servers.find((s) => s.attributes['http.response.status_code'] === 404);
    assert.ok(refusedSpan);
    assert.equal(refusedSpan.attributes['error.type'], 'profile_not_found');
    assert.equal(refusedSpan.status.code, 2);
    assert.equal(refusedSpan.status.message, 'profile_not_found', 'the code, never the message');

    // No prompt content in anything exported.
    assert.ok(receiver.rawBodies.length > 0);
    for (const body of receiver.rawBodies) assert.ok(!body.includes(marker), 'the prompt marker was exported');
    assert.ok(spans.every((s: ReceivedSpan) => !JSON.stringify(s).includes('Say ')));
  });

  it('is off by default: nothing exported, no trace context sent upstream', async () => {
    const gw = (gateway = await startTestGateway(config(undefined)));
    assert.equal(gw.context.services.observer, undefined, 'no observer on the hot path');
    const answer = await post(gw, EU_PROFILE, 'x', { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01` });
    assert.equal(answer.status, 200);
    await gw.close();
    gateway = undefined;
    assert.equal(upstreamCalls.length, 2);
    assert.ok(upstreamCalls.every((c) => c.headers.traceparent === undefined), 'the caller traceparent is not forwarded');
    assert.equal(receiver.rawBodies.length, 0);
  });
});
