/**
 * LangChain's other chat models a team points at georoute, unmodified: `ChatAnthropic` (`@langchain/anthropic`,
 * the Messages API), `ChatBedrockConverse` (`@langchain/aws`, Converse and ConverseStream through the AWS SDK,
 * signed with SigV4) and `ChatOpenAI` on chat completions (its default): invoke with usage, stream, and a bound
 * tool whose call comes back as a LangChain tool call and whose result (a `ToolMessage` with the tool's name, as
 * LangChain's tool runner writes it) is answered, against a gateway backed by region simulators over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatBedrockConverse } from '@langchain/aws';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { claudeTestConfig, EU_CLAUDE } from '../anthropic/anthropic-test-kit.js';
import { ACCESS_KEY_ID, API_KEY, EU_PROFILE, SECRET_ACCESS_KEY, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';

const weatherTool = { name: 'get_weather', description: 'The weather in a city', schema: { type: 'object', properties: { city: { type: 'string' } } } };

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((c: { type?: string; text?: string }) => (c.type === 'text' ? (c.text ?? '') : '')).join('') : '';
}

describe('LangChain ChatAnthropic, ChatBedrockConverse and ChatOpenAI (chat completions) against georoute', () => {
  let gateway: TestGateway;
  let bedrock: BedrockRuntimeClient;
  const models: Array<{ name: string; model: () => BaseChatModel; region: string; event: string }> = [];

  before(async () => {
    gateway = await startTestGateway(claudeTestConfig({ auth: testAuth }), { env: testEnv() });
    bedrock = new BedrockRuntimeClient({ region: 'eu-west-1', endpoint: gateway.url, credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY } });
    const headers = { 'x-georoute-source-region': 'eu-central-1' };
    models.push(
      {
        name: 'ChatAnthropic',
        model: () => new ChatAnthropic({ model: EU_CLAUDE, apiKey: API_KEY, anthropicApiUrl: gateway.url, maxTokens: 16, maxRetries: 0, clientOptions: { defaultHeaders: headers } }),
        region: 'eu-central-1',
        event: 'Messages',
      },
      { name: 'ChatBedrockConverse', model: () => new ChatBedrockConverse({ model: EU_PROFILE, client: bedrock, region: 'eu-west-1', maxTokens: 16 }), region: 'eu-west-1', event: 'Converse' },
      {
        name: 'ChatOpenAI',
        model: () => new ChatOpenAI({ model: EU_CLAUDE, apiKey: API_KEY, maxRetries: 0, maxTokens: 16, configuration: { baseURL: `${gateway.url}/v1`, defaultHeaders: headers } }),
        region: 'eu-central-1',
        event: 'ChatCompletions',
      },
    );
  });
  after(async () => {
    bedrock.destroy();
    await gateway.close();
  });

  for (const name of ['ChatAnthropic', 'ChatBedrockConverse', 'ChatOpenAI']) {
    describe(name, () => {
      const entry = () => {
        const found = models.find((m) => m.name === name);
        assert.ok(found);
        return found;
      };

      it('invokes with a system message and reports usage, audited in the source region', async () => {
        const { model, region, event } = entry();
        const message = await model().invoke([new SystemMessage('Be brief.'), new HumanMessage('hello there')]);
        assert.ok(textOf(message.content).length > 0);
        assert.ok((message.usage_metadata?.input_tokens ?? 0) > 0);
        assert.ok((message.usage_metadata?.output_tokens ?? 0) > 0);
        assert.ok(readAuditRecords(gateway.dataDir, region).some((r) => r.eventName === event), `a ${event} record in ${region}`);
      });

      it('streams', async () => {
        let text = '';
        for await (const chunk of await entry().model().stream([new HumanMessage('stream please')])) text += textOf(chunk.content);
        assert.ok(text.length > 0);
      });

      it('a bound tool is called, and its result answered', async () => {
        const chat = entry().model();
        assert.ok(chat.bindTools !== undefined);
        const withTools = chat.bindTools([weatherTool]);
        const question = new HumanMessage('What is the weather in Paris?');
        const call = await withTools.invoke([question]);
        assert.equal(call.tool_calls?.[0]?.name, 'get_weather');
        const id = call.tool_calls?.[0]?.id ?? '';
        const answer = await withTools.invoke([
          question,
          new AIMessage({ content: call.content, tool_calls: call.tool_calls }),
          new ToolMessage({ tool_call_id: id, name: 'get_weather', content: '{"celsius":21}' }),
        ]);
        assert.equal(answer.tool_calls?.length ?? 0, 0);
        assert.ok(textOf(answer.content).length > 0);
      });
    });
  }
});
