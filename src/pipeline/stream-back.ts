/**
 * Stream an answer back: wire events relayed as they arrive (the fast path), or canonical parts rendered by the
 * surface. Usage and the first output come from the native side (`outputSoFar`) or from the canonical parts, so
 * no stage here knows a wire format. A stream the upstream cuts ends with an explicit error in the caller's wire,
 * never a clean end (a throttle or an overload said as such: stream-break-error.ts); the audit record is committed
 * before the clean end is written.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import type { NativeResponse, ProviderStreamResponse } from '../inference/inference-provider-contract.js';
import type { InferenceStreamPart } from '../inference/inference-stream-part.js';
import type { InferenceUsage } from '../inference/inference-usage.js';
import type { WireEvent } from '../inference/wire-format.js';
import { tokenUsageOf } from '../providers/inference-usage-conversion.js';
import { OutputTokenEstimate } from '../providers/estimate-output-tokens.js';
import { UpstreamFailure, type TokenUsage } from '../providers/upstream-contract.js';
import { commitRequestOutcome } from './commit-request-outcome.js';
import { streamBreakError } from './stream-break-error.js';
import type { PipelineServices } from './pipeline-services.js';
import type { RequestContext } from './request-context.js';

export type StreamAnswer =
  | { kind: 'native'; response: Extract<NativeResponse, { kind: 'stream' }> }
  | { kind: 'streamed'; response: ProviderStreamResponse };

/** Output characters of a canonical part, for the estimate of a stream that never reports usage. */
function outputLengthOf(part: InferenceStreamPart): number {
  return part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-call-delta' ? part.delta.length : part.type === 'tool-call-start' ? part.name.length : 0;
}

interface StreamSource {
  events: AsyncIterable<WireEvent>;
  relay?(write: (event: WireEvent) => Promise<void> | void): Promise<void>;
  usage(): InferenceUsage | undefined;
  output(): { estimatedTokens: number; firstOutputAt?: number };
}

function nativeSource(response: Extract<NativeResponse, { kind: 'stream' }>): StreamSource {
  return { events: response.events, relay: response.relay, usage: () => response.usage(), output: () => response.outputSoFar?.() ?? { estimatedTokens: 0 } };
}

function renderedSource(context: RequestContext, response: ProviderStreamResponse): StreamSource {
  const surface = context.call.surface;
  if (surface === undefined) throw new GeorouteError('internal', 'A converted stream reached a surface that cannot render one.');
  const estimate = new OutputTokenEstimate();
  const renderer = surface.createStreamRenderer(context.renderContext());
  let sawUsage = false;
  async function* events(): AsyncGenerator<WireEvent> {
    for await (const part of response.parts) {
      if (part.type === 'error') {
        const brokeOffAs = part.kind === 'throttled' || part.kind === 'unavailable' ? part.kind : undefined;
        throw new UpstreamFailure('interrupted', `upstream stream error (${part.kind})`, { brokeOffAs });
      }
      if (part.type === 'usage') sawUsage = true;
      estimate.add(outputLengthOf(part));
      yield* renderer.push(part);
    }
    // A renderer that closes with usage gets the gateway's count when the upstream never said.
    if (!sawUsage) {
      const counted = { inputTokens: context.call.estimatedInputTokens, outputTokens: estimate.snapshot().estimatedTokens };
      yield* renderer.push({ type: 'usage', usage: counted });
    }
    yield* renderer.finish();
  }
  return { events: events(), usage: () => response.usage(), output: () => estimate.snapshot() };
}

export async function streamBack(services: PipelineServices, context: RequestContext, answer: StreamAnswer): Promise<void> {
  const { call } = context;
  const { writer } = call;
  const source = answer.kind === 'native' ? nativeSource(answer.response) : renderedSource(context, answer.response);
  const produced = (): TokenUsage => {
    const output = source.output();
    context.firstOutputAt = output.firstOutputAt;
    const usage = source.usage();
    return usage ? tokenUsageOf(usage) : { inputTokens: call.estimatedInputTokens, outputTokens: output.estimatedTokens };
  };
  const commitQuietly = (status: number, error: GeorouteError) =>
    commitRequestOutcome(services, context, status, error).catch((e: unknown) => services.logger.error({ err: e, requestId: context.requestId }, 'audit record could not be committed'));
  writer.startStream(context.headers());
  try {
    if (source.relay !== undefined) {
      // The provider pushes each event to the writer as it arrives, and waits on a refused write itself.
      await source.relay((event) => writer.writeEvent(event));
    } else {
      for await (const event of source.events) {
        // Only a refused write (back-pressure) returns a promise worth a turn of the event loop.
        const blocked = writer.writeEvent(event);
        if (blocked) await blocked;
      }
    }
  } catch (thrown) {
    context.usage = produced();
    context.markLastAttemptInterrupted();
    if (call.exchange.signal.aborted || (thrown instanceof UpstreamFailure && thrown.kind === 'cancelled')) {
      context.lease?.release(context.usage);
      const closed = new GeorouteError('client_closed', 'The client closed the connection during the stream.');
      await commitQuietly(closed.status, closed);
      return;
    }
    // A stream the upstream cut is a failure of that deployment: it counts towards its breaker; a throttle does not.
    const error = streamBreakError(thrown);
    if (error.code === 'no_capacity') await context.lease?.throttled(context.usage);
    else await context.lease?.fail(context.usage);
    await commitQuietly(200, error);
    writer.failStream(error);
    return;
  }
  context.usage = produced();
  await context.lease?.complete(context.usage);
  try {
    await commitRequestOutcome(services, context, 200);
  } catch (auditError) {
    services.logger.error({ err: auditError, requestId: context.requestId }, 'audit record could not be committed');
    writer.failStream(new GeorouteError('internal', 'The audit record could not be committed; the stream was not completed.'));
    return;
  }
  writer.endStream();
}
