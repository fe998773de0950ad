/**
 * What an upstream's error body may contribute to georoute's own errors: a classification, never free text.
 * Upstreams often echo the prompt in validation messages, so the message is kept apart (`text`, capped) and only
 * shown when an operator turns content logging on (`audit.contentLogging.upstreamErrorText`). The type or code is
 * taken only when it looks like an identifier (OpenAI `error.code`/`error.type`, Bedrock `__type`/`code`).
 */

export interface UpstreamErrorBody {
  /** An identifier-like error type or code, e.g. `context_length_exceeded`, `ValidationException`. */
  type?: string;
  /** The upstream's message (or raw body), capped: content, never stored or logged by default. */
  text?: string;
}

const MAX_TEXT_LENGTH = 500;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** An identifier-like string, or undefined (free text is never a classification). */
export function upstreamErrorIdentifier(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.split(':')[0].split('#').pop()?.trim() ?? '';
  return IDENTIFIER.test(name) ? name : undefined;
}

export function parseUpstreamErrorBody(text: string): UpstreamErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { text: capped(text) };
  }
  if (parsed === null || typeof parsed !== 'object') return { text: capped(text) };
  const top = parsed as Record<string, unknown>;
  const inner = top.error !== null && typeof top.error === 'object' ? (top.error as Record<string, unknown>) : undefined;
  const type = upstreamErrorIdentifier(inner?.code) ?? upstreamErrorIdentifier(inner?.type) ??
    upstreamErrorIdentifier(top.__type) ?? upstreamErrorIdentifier(top.code) ?? upstreamErrorIdentifier(top.type);
  const message = inner?.message ?? top.message ?? top.Message;
  return { type, text: capped(typeof message === 'string' ? message : text) };
}

function capped(text: string): string | undefined {
  return text === '' ? undefined : text.slice(0, MAX_TEXT_LENGTH);
}
