/** Turns a SimError into the wire format of the request's protocol: the one place error bodies are built. */
import type { ServerResponse } from 'node:http';
import { simErrorCatalog, type SimError } from './sim-error.js';
import type { SimProtocol } from './sim-protocol.js';
import { cutConnection, writeJson } from './sim-http-io.js';
import { azureContentFilterError } from './azure-content-filter-fields.js';

/** The message the real Bedrock service sends with a ThrottlingException. */
export const bedrockThrottlingMessage = 'Too many requests, please wait before trying again.';

export function writeSimError(res: ServerResponse, protocol: SimProtocol, error: SimError): void {
  if (res.headersSent) {
    // The response already started: the only honest signal left is a broken connection.
    cutConnection(res);
    return;
  }
  const entry = simErrorCatalog[error.code];
  if (error.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(error.retryAfterSeconds));
  if (protocol === 'anthropic') {
    // Anthropic answers an overloaded service with 529, not 503.
    const status = error.code === 'service_unavailable' ? 529 : entry.status;
    res.setHeader('request-id', `req_sim_${Date.now().toString(36)}`);
    writeJson(res, status, { type: 'error', error: { type: entry.anthropicType, message: error.message } });
    return;
  }
  if (protocol === 'azure') {
    // Azure OpenAI: OpenAI's error shape, and on a 429 the wait in milliseconds too.
    if (error.retryAfterSeconds !== undefined) res.setHeader('retry-after-ms', String(error.retryAfterSeconds * 1000));
    if (error.code === 'content_filtered') {
      writeJson(res, 400, azureContentFilterError(error.message));
      return;
    }
    writeJson(res, entry.status, { error: { message: error.message, type: entry.openaiType, param: null, code: error.code === 'rate_limit_exceeded' ? '429' : error.code } });
    return;
  }
  if (protocol === 'gemini') {
    const details = error.retryAfterSeconds === undefined ? [] : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${error.retryAfterSeconds}s` }];
    writeJson(res, entry.status, { error: { code: entry.status, message: error.message, status: entry.geminiStatus, ...(details.length === 0 ? {} : { details }) } });
    return;
  }
  if (protocol === 'openai') {
    writeJson(res, entry.status, {
      error: { message: error.message, type: entry.openaiType, param: null, code: error.code },
    });
    return;
  }
  res.setHeader('x-amzn-errortype', entry.bedrockType);
  const message = error.code === 'rate_limit_exceeded' ? bedrockThrottlingMessage : error.message;
  writeJson(res, entry.status, { message });
}
