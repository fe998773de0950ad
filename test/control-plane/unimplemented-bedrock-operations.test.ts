/**
 * Every Bedrock operation georoute does not implement answers in Bedrock's error format, so both AWS SDK clients
 * raise their typed ValidationException with a message naming the operation (never UnknownError).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateGuardrailCommand,
  CreateModelInvocationJobCommand,
  GetCustomModelCommand,
  ListGuardrailsCommand,
  ValidationException as ControlPlaneValidationException,
} from '@aws-sdk/client-bedrock';
import {
  ApplyGuardrailCommand,
  BedrockRuntimeClient,
  GetAsyncInvokeCommand,
  ListAsyncInvokesCommand,
  StartAsyncInvokeCommand,
  ValidationException as RuntimeValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import type { RunningGateway } from '../../src/gateway/gateway-runtime.js';
import { ADMIN_KEY, bedrockClient, newDataDir, startGatewayAt } from './control-plane-test-kit.js';

describe('unimplemented Bedrock operations through the AWS SDKs', () => {
  const dataDir = newDataDir();
  let gateway: RunningGateway;
  let runtime: BedrockRuntimeClient;

  before(async () => {
    gateway = await startGatewayAt(dataDir);
    runtime = new BedrockRuntimeClient({ region: 'eu-central-1', endpoint: gateway.url, credentials: ADMIN_KEY, maxAttempts: 1 });
  });
  after(async () => {
    runtime.destroy();
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const names = (operation: string) => (error: unknown) => error instanceof Error && error.message.includes(operation);

  it('runtime: ApplyGuardrail and the async invoke operations raise ValidationException naming the operation', async () => {
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['ApplyGuardrail', () => runtime.send(new ApplyGuardrailCommand({ guardrailIdentifier: 'g1', guardrailVersion: '1', source: 'INPUT', content: [{ text: { text: 'x' } }] }))],
      ['StartAsyncInvoke', () => runtime.send(new StartAsyncInvokeCommand({ modelId: 'amazon.nova-reel-v1:0', modelInput: {}, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://b/k' } } }))],
      ['GetAsyncInvoke', () => runtime.send(new GetAsyncInvokeCommand({ invocationArn: 'arn:aws:bedrock:eu-central-1:000000000000:async-invoke/abc' }))],
      ['ListAsyncInvokes', () => runtime.send(new ListAsyncInvokesCommand({}))],
    ];
    for (const [operation, sent] of cases) {
      await assert.rejects(sent(), (error: unknown) => error instanceof RuntimeValidationException && names(operation)(error), operation);
    }
  });

  it('control plane: batch jobs, guardrails and custom models raise ValidationException naming the operation', async () => {
    const client = bedrockClient(gateway.url, 'eu-central-1');
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['CreateModelInvocationJob', () => client.send(new CreateModelInvocationJobCommand({
        jobName: 'batch', roleArn: 'arn:aws:iam::000000000000:role/r', modelId: 'amazon.nova-2-lite-v1:0',
        inputDataConfig: { s3InputDataConfig: { s3Uri: 's3://b/in' } }, outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://b/out' } },
      }))],
      ['CreateGuardrail', () => client.send(new CreateGuardrailCommand({ name: 'g', blockedInputMessaging: 'no', blockedOutputsMessaging: 'no' }))],
      ['ListGuardrails', () => client.send(new ListGuardrailsCommand({}))],
      ['GetCustomModel', () => client.send(new GetCustomModelCommand({ modelIdentifier: 'my-model' }))],
    ];
    for (const [operation, sent] of cases) {
      await assert.rejects(sent(), (error: unknown) => error instanceof ControlPlaneValidationException && names(operation)(error), operation);
    }
    client.destroy();
  });

  it('an unknown path under a Bedrock prefix is answered in Bedrock shape, an unknown /v1 path in OpenAI shape', async () => {
    const bedrock = await fetch(`${gateway.url}/guardrails/g1/nothing-here`);
    assert.equal(bedrock.status, 404);
    assert.ok(bedrock.headers.get('x-amzn-errortype'));
    const openai = await fetch(`${gateway.url}/v1/nothing-here`);
    assert.equal(openai.status, 404);
    assert.equal(openai.headers.get('x-amzn-errortype'), null);
    assert.ok(((await openai.json()) as { error?: unknown }).error);
  });
});
