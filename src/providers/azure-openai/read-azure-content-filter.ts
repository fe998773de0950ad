/**
 * Azure's content-filter annotations: `prompt_filter_results` (on the response, or the first chunk of a stream)
 * and `content_filter_results` (per choice), kept as provider metadata under `azure`, and whether any says
 * `filtered: true` (then the answer is a refusal: finish reason `content-filter`). Pure.
 */
import type { JsonObject, JsonValue } from '../../inference/inference-json.js';

/** Some category of these results says `filtered: true`. */
export function anyFiltered(results: unknown): boolean {
  if (Array.isArray(results)) return results.some(anyFiltered);
  if (typeof results !== 'object' || results === null) return false;
  const record = results as Record<string, unknown>;
  if (record.filtered === true) return true;
  return Object.values(record).some((value) => typeof value === 'object' && value !== null && anyFiltered(value));
}

/** The annotations a response or chunk carries, as `providerMetadata.azure` members. */
export function azureFilterMetadata(body: Record<string, unknown>, choice: Record<string, unknown> | undefined): JsonObject {
  const metadata: JsonObject = {};
  if (body.prompt_filter_results !== undefined) metadata.promptFilterResults = body.prompt_filter_results as JsonValue;
  if (choice?.content_filter_results !== undefined) metadata.contentFilterResults = choice.content_filter_results as JsonValue;
  return metadata;
}
