/**
 * The OpenAI Responses surface on the canonical contract: parse (schema, tool names, then the canonical request),
 * render a canonical result or stream, name settings in the Responses wire's words, and the catalog error in
 * OpenAI's error shape. A Responses answer echoes its request (instructions, tools, text format, ...), so a surface
 * is made per request from what its renderers echo. Pure: the handler and the writer do the HTTP.
 */
import type { InboundSurface, ParsedSurfaceRequest } from '../../inference/inbound-surface-contract.js';
import { convertResponsesRequestToInference } from './convert-responses-request-to-inference.js';
import './openai-responses-wire-format.js';
import { renderResponsesError } from './render-responses-error.js';
import { renderResponsesResult } from './render-responses-result.js';
import type { ResponsesRenderInput } from './responses-output-items.js';
import { parseResponsesRequest } from './responses-request-schema.js';
import { responsesSettingName } from './responses-setting-names.js';
import { ResponsesStreamRenderer } from './responses-stream-renderer.js';
import { buildResponsesToolNames } from './responses-tool-names.js';

/** A Responses body (its history already resolved) as the canonical request. */
export function parseResponsesBody(body: Record<string, unknown>): ParsedSurfaceRequest {
  const request = parseResponsesRequest(body);
  return { modelId: request.model, stream: request.stream === true, request: convertResponsesRequestToInference(request, buildResponsesToolNames(request)) };
}

export function createOpenAiResponsesSurface(render: ResponsesRenderInput): InboundSurface<'openai-responses'> {
  return {
    specificationVersion: 'georoute-inference-v1',
    name: 'openai-responses',
    wireFormat: 'openai-responses',
    parseRequest: (body) => parseResponsesBody(body),
    renderResult: (result) => ({ ...renderResponsesResult(result, render) }),
    createStreamRenderer: () => new ResponsesStreamRenderer(render),
    settingName: responsesSettingName,
    renderError: (error) => renderResponsesError(error),
  };
}
