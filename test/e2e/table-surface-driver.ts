/**
 * What the surface x provider table asks of each surface: its real client, driven through the same four requests
 * (a plain answer, a forced tool call, the answer to that call's result, structured output where the wire can ask
 * for it), each answer checked in the surface's own shape (finish or stop reason, usage) and handed back in a
 * neutral form, so the table can compare JSON with stream and assert where it ran. Not a test file.
 */
import assert from 'node:assert/strict';
import type { TableSurface } from './surface-provider-table-kit.js';

/** The plain requests' system prompt and question: the same texts through every pair give the same answer. */
export const SYSTEM_PROMPT = 'Answer in plain words.';
export const TEXT_PROMPT = 'Say hello to every pair of the table.';
/** Not a weather question: the simulator calls a tool for it only when tool choice forces one. */
export const TOOL_PROMPT = 'Look up Paris for me.';
export const TOOL_RESULT = 'sunny, 21 C';
/** Enough for any natural answer of the simulator (at most 48 tokens): the answer stops on its own. */
export const MAX_TOKENS = 64;
/** Fewer tokens than any natural answer (at least 4): the answer is cut at the limit. */
export const CUT_TOKENS = 3;

export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object' as const, properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 2 } }, required: ['city', 'days'] },
};

/** What the simulator calls WEATHER_TOOL with: its required properties, sampled from their schemas. */
export const WEATHER_TOOL_ARGUMENTS = { city: 'sim', days: 2 };

export const RATING_SCHEMA = {
  type: 'object',
  properties: { answer: { type: 'string' }, score: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
  required: ['answer', 'score', 'tags'],
  additionalProperties: false,
} as const;

export interface AnswerUsage {
  /** Every input token the model processed, cached ones included (wires that count the uncached part add them). */
  inputTokens: number;
  outputTokens: number;
}

export interface TextAnswer {
  text: string;
  usage: AnswerUsage;
}

export interface ToolCallAnswer {
  id: string;
  name: string;
  /** The call's arguments, parsed from the surface's shape (a JSON string or an object). */
  arguments: unknown;
  usage: AnswerUsage;
}

export interface RefusedRequest {
  status: number;
  /** The wire's error type or code (`invalid_request_error`, `ValidationException`). */
  type: string;
  message: string;
}

export interface SurfaceSession {
  /** SYSTEM_PROMPT and TEXT_PROMPT; the answer ends on its own (the surface's natural stop reason, checked). */
  text(stream: boolean): Promise<TextAnswer>;
  /** As `text`, with CUT_TOKENS as the limit; the answer is cut (the surface's max-tokens stop, checked). */
  cutShort(stream: boolean): Promise<TextAnswer>;
  /** TOOL_PROMPT with WEATHER_TOOL forced by tool choice; the answer is the call (the tool-use stop reason, checked). */
  forcedToolCall(stream: boolean): Promise<ToolCallAnswer>;
  /** The call and TOOL_RESULT sent back (tools offered, choice left to the model): a text answer. */
  answerToolResult(call: ToolCallAnswer): Promise<TextAnswer>;
  /** TEXT_PROMPT asking for JSON valid for RATING_SCHEMA; the answer's text, parsed. */
  structured?(stream: boolean): Promise<unknown>;
  /** Reads a failed request's wire error (throws when `error` is not the client's error type). */
  refusal(error: unknown): RefusedRequest;
  close(): void;
}

export interface SurfaceDriver {
  surface: TableSurface;
  /** The model the surface asks for: Claude for the Anthropic wires, Mistral Large 2 for Mistral's body, Nova for the others. */
  model: string;
  /** The wire's name for structured output, when the surface can ask for it (what a refusal must name). */
  structuredOutputSetting?: string;
  connect(gatewayUrl: string, sourceRegion: string): SurfaceSession;
}

/** Usage as every surface must report it: both counts positive, a total (where the wire has one) their sum. */
export function checkedUsage(inputTokens: number | null | undefined, outputTokens: number | null | undefined, total?: number | null): AnswerUsage {
  assert.ok(typeof inputTokens === 'number' && inputTokens > 0, `input tokens must be > 0, got ${inputTokens}`);
  assert.ok(typeof outputTokens === 'number' && outputTokens > 0, `output tokens must be > 0, got ${outputTokens}`);
  if (total !== undefined) assert.equal(total, inputTokens + outputTokens, 'total tokens are input + output');
  return { inputTokens, outputTokens };
}
