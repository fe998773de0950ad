/**
 * Models have a kind (chat or embedding): a chat request naming an embedding model, or the other way round, is
 * the caller's mistake and a 400 that says where to send it, before anything is planned.
 */
import type { Catalog, InferenceProfile, ModelKind } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';

const WHERE_TO: Readonly<Record<ModelKind, string>> = {
  chat: 'a chat operation (POST /v1/chat/completions, /v1/messages, /v1/responses, Converse, or InvokeModel with its chat body)',
  embedding: 'an embedding operation (POST /v1/embeddings, or InvokeModel with its embedding body)',
};

export function assertModelKind(catalog: Catalog, profile: InferenceProfile, expected: ModelKind): void {
  const kind = catalog.models.get(profile.modelId)?.kind ?? 'chat';
  if (kind === expected) return;
  throw new GeorouteError(
    'invalid_request',
    `${profile.id} is ${kind === 'embedding' ? 'an embedding' : 'a chat'} model, not ${expected === 'embedding' ? 'an embedding' : 'a chat'} model; send it to ${WHERE_TO[kind]}.`,
    { param: 'model' },
  );
}
