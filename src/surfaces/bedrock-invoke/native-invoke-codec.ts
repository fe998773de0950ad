/**
 * One model family's InvokeModel body (Nova, Anthropic, ...): how the gateway checks it and reads what routing
 * needs from it. The body itself goes to a deployment of the same family byte for byte. One codec per family,
 * found by the model's `nativeFormat` in the registry beside this file.
 */
import type { ChatNativeFormat } from '../../catalog/catalog-types.js';

export interface NativeInvokeBody {
  estimatedInputTokens: number;
  /** The output limit the body asks for, if it says. */
  maxOutputTokens?: number;
}

export interface NativeInvokeCodec {
  family: ChatNativeFormat;
  /** Throws a GeorouteError (`invalid_request`) naming the field for a body this family does not accept. */
  parse(body: Record<string, unknown>): NativeInvokeBody;
}
