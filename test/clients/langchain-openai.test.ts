/**
 * LangChain's `ChatOpenAI` with `useResponsesApi: true` (`@langchain/openai`), unmodified, against a gateway backed
 * by region simulators over HTTP: invoke, stream, and a bound tool whose call comes back as a LangChain tool call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const MODEL = `eu.${NOVA_LITE}`;
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

describe('LangChain ChatOpenAI({ useResponsesApi: true }) against georoute', () => {
  let gateway: TestGateway;
  let chat: ChatOpenAI;
  before(async () => {
    gateway = await startTestGateway(testConfig());
    chat = new ChatOpenAI({
      model: MODEL,
      useResponsesApi: true,
      apiKey: 'unused',
      maxRetries: 0,
      maxTokens: 12,
      configuration: { baseURL: `${gateway.url}/v1`, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } },
    });
  });
  after(() => gateway.close());

  it('invokes and reports usage', async () => {
    const message = await chat.invoke([new HumanMessage('hello there')]);
    assert.ok(typeof message.content === 'string' ? message.content.length > 0 : message.content.length > 0);
    assert.ok((message.usage_metadata?.input_tokens ?? 0) > 0);
    assert.ok((message.usage_metadata?.output_tokens ?? 0) > 0);
    const events = readAuditRecords(gateway.dataDir, 'eu-central-1').map((r) => r.eventName);
    assert.ok(events.includes('Responses') && !events.includes('ChatCompletions'), 'it spoke the Responses API');
  });

  it('streams', async () => {
    let text = '';
    for await (const chunk of await chat.stream([new HumanMessage('stream please')])) text += typeof chunk.content === 'string' ? chunk.content : chunk.content.map((c) => ('text' in c ? c.text : '')).join('');
    assert.ok(text.length > 0);
  });

  it('a bound tool is called, and its result answered', async () => {
    const withTools = chat.bindTools([weatherTool]);
    const question = new HumanMessage('What is the weather in Paris?');
    const call = await withTools.invoke([question]);
    assert.equal(call.tool_calls?.[0]?.name, 'get_weather');
    const id = call.tool_calls?.[0]?.id ?? '';
    const answer = await withTools.invoke([question, new AIMessage({ content: '', tool_calls: call.tool_calls }), new ToolMessage({ tool_call_id: id, content: '{"celsius":21}' })]);
    assert.equal(answer.tool_calls?.length ?? 0, 0);
    assert.ok(answer.text.length > 0);
  });
});
