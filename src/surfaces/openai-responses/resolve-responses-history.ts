/**
 * Stateful Responses features against the response store: `store: true`, `previous_response_id` and
 * `item_reference` items. Without a store (the default) each is a 400 that says so; with one, the previous
 * response's conversation (its input and its output) comes before this request's input, and a referenced item is
 * looked up in the response it came from. Only the store of the request's source region is read, and only what the
 * same identity stored: nothing here picks a region.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type { ResponseStore } from '../../responses-store/response-store-contract.js';
import type { ResponsesRequest } from './responses-request-schema.js';

export interface ResponsesHistory {
  /** The whole input the model sees, as wire items: the previous conversation, then this request's input. */
  input: unknown[];
  /** Whether this response is to be kept. */
  keep: boolean;
}

function rawInput(body: Record<string, unknown>): unknown[] {
  const input = body.input;
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  return Array.isArray(input) ? input : [];
}

/** The response id an item id of this gateway belongs to (`msg_<base>_<n>` -> `resp_<base>`). */
function responseIdOfItem(itemId: string): string | undefined {
  const match = /^(?:msg|fc|rs)_(.+)_\d+$/.exec(itemId);
  return match === null ? undefined : `resp_${match[1]}`;
}

function findItem(store: ResponseStore, ownerId: string, itemId: string, nowMs: number, where: string): unknown {
  const responseId = responseIdOfItem(itemId);
  const stored = responseId === undefined ? undefined : store.get(responseId, ownerId, nowMs);
  const output = Array.isArray(stored?.response.output) ? (stored.response.output as Array<{ id?: unknown }>) : [];
  const item = output.find((candidate) => candidate.id === itemId);
  if (item === undefined) {
    throw new GeorouteError('invalid_request', `${where}: no stored item with id "${itemId}" in this source region's response store (it may have expired).`, { param: where });
  }
  return item;
}

/** The id an `item_reference` item names; its `type` may be left out or null, and then it has no `role` (a message has). */
function referencedItemId(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const reference = item as { type?: unknown; id?: unknown };
  const untyped = (reference.type === undefined || reference.type === null) && !('role' in item);
  return (reference.type === 'item_reference' || untyped) && typeof reference.id === 'string' ? reference.id : undefined;
}

export function resolveResponsesHistory(
  request: ResponsesRequest,
  body: Record<string, unknown>,
  store: { store: ResponseStore; ownerId: string; nowMs: number } | undefined,
): ResponsesHistory {
  if (store === undefined) {
    if (request.store === true) {
      throw new GeorouteError('invalid_request', 'store: this gateway keeps no responses (responses.store is off), so store: true cannot be honoured; send store: false or leave it out.', { param: 'store' });
    }
    if (typeof request.previous_response_id === 'string') {
      throw new GeorouteError('invalid_request', 'previous_response_id: this gateway keeps no responses (responses.store is off); send the conversation in input instead.', { param: 'previous_response_id' });
    }
    return { input: rawInput(body), keep: false };
  }
  const previous: unknown[] = [];
  if (typeof request.previous_response_id === 'string') {
    const stored = store.store.get(request.previous_response_id, store.ownerId, store.nowMs);
    if (stored === undefined) {
      throw new GeorouteError('invalid_request', `previous_response_id: no response "${request.previous_response_id}" in this source region's response store (it may have expired, or belong to another caller or region).`, { param: 'previous_response_id' });
    }
    previous.push(...stored.inputItems, ...(Array.isArray(stored.response.output) ? stored.response.output : []));
  }
  const input = rawInput(body).map((item, index) => {
    const id = referencedItemId(item);
    return id === undefined ? item : findItem(store.store, store.ownerId, id, store.nowMs, `input[${index}]`);
  });
  // With a store, an absent `store` means what it means at OpenAI: keep it.
  return { input: [...previous, ...input], keep: request.store !== false };
}
