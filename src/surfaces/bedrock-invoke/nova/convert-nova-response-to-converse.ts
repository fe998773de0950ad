/** Nova native InvokeModel response -> Converse response (Nova's native body has no `metrics`: pass the latency). */
import type { ConverseResponse } from '../../bedrock-converse/converse-types.js';
import { novaUsageToConverse } from './map-nova-usage.js';
import type { NovaResponse } from './nova-native-types.js';

export function convertNovaResponseToConverse(response: NovaResponse, options: { latencyMs: number }): ConverseResponse {
  return {
    output: { message: response.output.message },
    stopReason: response.stopReason,
    usage: novaUsageToConverse(response.usage),
    metrics: { latencyMs: options.latencyMs },
  };
}
