/**
 * Serving a request in one wire format from an upstream that speaks another. A bridge converts the request on
 * the way out and the response (whole or event by event) on the way back; it is built from the pure converters
 * in src/translate. Bridges are registered here, never by editing the pipeline.
 */
import type { UpstreamStreamEvent, WireFormat } from '../providers/upstream-contract.js';

export interface BridgeContext {
  requestId: string;
  /** The model id the client asked for, echoed in converted responses. */
  requestedModelId: string;
  /** Epoch seconds, for OpenAI's `created`. */
  createdAt: number;
  /** Milliseconds since the request arrived, for Converse `metrics.latencyMs`. */
  latencyMs: () => number;
  /** The target deployment's model family, where a converter needs it (reasoning fields differ per family). */
  nativeFormat?: string;
}

export interface StreamEventConverter {
  push(event: UpstreamStreamEvent): UpstreamStreamEvent[];
  finish(): UpstreamStreamEvent[];
}

export interface FormatBridge {
  /** The client's format. */
  from: WireFormat;
  /** The upstream's format. */
  to: WireFormat;
  convertRequest(body: Record<string, unknown>, context: BridgeContext): Record<string, unknown>;
  convertResponse(body: Record<string, unknown>, context: BridgeContext): Record<string, unknown>;
  createStreamConverter(context: BridgeContext): StreamEventConverter;
}

const bridges: FormatBridge[] = [];

export function registerFormatBridge(bridge: FormatBridge): void {
  bridges.push(bridge);
}

export function findFormatBridge(from: WireFormat, accepted: readonly WireFormat[]): FormatBridge | undefined {
  return bridges.find((bridge) => bridge.from === from && accepted.includes(bridge.to));
}
