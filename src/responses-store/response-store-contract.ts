/**
 * The response store (config `responses.store`, off by default): the one place georoute keeps content. When an
 * operator enables it, a Responses answer the caller asked to store (`store`) is kept in the store of the
 * request's source region only, for a bounded time (`retentionHours`), so that `previous_response_id`,
 * `item_reference` and `GET /v1/responses/{id}` work; a response is found only from its own source region and only
 * by the identity that created it.
 */

export interface StoredResponse {
  /** `resp_...`, as returned to the caller. */
  id: string;
  /** The source region the request was made from: the store it lives in. */
  sourceRegionId: string;
  /** `<identity type>:<identity id>` of the caller that created it; nobody else can read it. */
  ownerId: string;
  createdAtMs: number;
  expiresAtMs: number;
  /** The whole conversation the model saw: the previous responses' input and output, then this request's input. */
  inputItems: unknown[];
  /** The response object as returned. */
  response: Record<string, unknown>;
}

/**
 * Synchronous by design (SQLite in process): a response is durable before its answer is written, so a caller that
 * continues with `previous_response_id` the moment it has the answer always finds it.
 */
export interface ResponseStore {
  readonly sourceRegionId: string;
  /** Throws when the response cannot be kept; the caller then withholds the answer. */
  put(record: StoredResponse): void;
  /** The response if it exists in this region, belongs to `ownerId` and has not expired. */
  get(id: string, ownerId: string, nowMs: number): StoredResponse | undefined;
  /** Deletes what has expired; returns how many. */
  purgeExpired(nowMs: number): number;
  close(): void;
}
