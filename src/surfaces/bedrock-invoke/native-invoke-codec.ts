/**
 * One model family's InvokeModel body (Nova, Anthropic, ...): how the gateway checks it and reads what routing
 * needs from it, and its converters to and from the canonical model (the `bedrock-invoke` surface of that family,
 * `bedrock-invoke-surface.ts`). On the fast path the body goes to a deployment of the same family byte for byte.
 * One codec per family, found by the model's `nativeFormat` in the registry beside this file.
 */
import type { ChatNativeFormat } from '../../catalog/catalog-types.js';
import type { SurfaceRenderContext, SurfaceStreamRenderer } from '../../inference/inbound-surface-contract.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceResult } from '../../inference/inference-result.js';
import type { InferenceSettingName } from '../../inference/inference-settings.js';

export interface NativeInvokeBody {
  estimatedInputTokens: number;
  /** The output limit the body asks for, if it says. */
  maxOutputTokens?: number;
}

export interface NativeInvokeCodec {
  family: ChatNativeFormat;
  /** Throws a GeorouteError (`invalid_request`) naming the field for a body this family does not accept. */
  parse(body: Record<string, unknown>): NativeInvokeBody;
  /** The body as a canonical request; throws like `parse`. */
  toInference(body: Record<string, unknown>): InferenceRequest;
  /** The family's InvokeModel answer (JSON) for a canonical result. */
  renderResult(result: InferenceResult, context: SurfaceRenderContext): Record<string, unknown>;
  /** Canonical stream parts -> the family's InvokeModelWithResponseStream chunks. */
  createChunkRenderer(context: SurfaceRenderContext): SurfaceStreamRenderer<'bedrock-invoke'>;
  /** A setting's name in this family's body, for errors that name it. */
  settingName(setting: InferenceSettingName): string;
}
