/** Converse response -> Nova native InvokeModel response (cache counts renamed, no `metrics`). */
import type { ConverseResponse } from '../../bedrock-converse/converse-types.js';
import { converseUsageToNova } from './map-nova-usage.js';
import type { NovaResponse } from './nova-native-types.js';

export function convertConverseResponseToNova(response: ConverseResponse): NovaResponse {
  return {
    output: { message: response.output.message },
    stopReason: response.stopReason,
    usage: converseUsageToNova(response.usage),
  };
}
