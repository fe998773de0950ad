/**
 * Function names between the Responses wire and the canonical request. A Responses request may group functions
 * under a `namespace` tool (Codex does); the canonical model has one flat list, so a namespaced function travels as
 * `<namespace>__<name>` and its calls come back split into `namespace` and `name` again. Pure.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type { ResponsesRequest } from './responses-request-schema.js';

const SEPARATOR = '__';

export interface ResponsesToolNames {
  /** The canonical name of a wire function (and its namespace, when it has one). */
  toCanonical(name: string, namespace?: string): string;
  /** The wire name and namespace of a canonical function name. */
  fromCanonical(name: string): { name: string; namespace?: string };
}

/** The map for one request's tools; a flattened name that collides with a declared one is a 400. */
export function buildResponsesToolNames(request: Pick<ResponsesRequest, 'tools'>): ResponsesToolNames {
  const namespaced = new Map<string, { name: string; namespace: string }>();
  const plain = new Set<string>();
  for (const tool of request.tools ?? []) if (tool.type === 'function') plain.add(tool.name);
  (request.tools ?? []).forEach((tool, index) => {
    if (tool.type !== 'namespace') return;
    for (const inner of tool.tools) {
      if (inner.type !== 'function') continue;
      const flat = `${tool.name}${SEPARATOR}${inner.name}`;
      if (plain.has(flat) || namespaced.has(flat)) {
        throw new GeorouteError('invalid_request', `tools[${index}]: the function "${inner.name}" of namespace "${tool.name}" collides with the function "${flat}".`, { param: `tools[${index}]` });
      }
      if (flat.length > 64) {
        throw new GeorouteError('invalid_request', `tools[${index}]: "${tool.name}" and "${inner.name}" together exceed 64 characters, which upstreams without namespaces cannot take.`, { param: `tools[${index}]` });
      }
      namespaced.set(flat, { name: inner.name, namespace: tool.name });
    }
  });
  return {
    toCanonical: (name, namespace) => (namespace === undefined ? name : `${namespace}${SEPARATOR}${name}`),
    fromCanonical: (name) => namespaced.get(name) ?? { name },
  };
}
