/**
 * The protocol-neutral core: a request reduced to a `SimPrompt`, and the `SimCompletion` the simulator answers
 * with. Protocol parsers build the prompt; protocol renderers write the completion.
 */
import { countInputTokens, generateDeterministicText, hashText } from './deterministic-text.js';

export interface SimPrompt {
  /** All text content in order (system first); the PRNG seed and the input-token count come from it. */
  texts: string[];
  maxTokens: number;
  /** The first tool the request offers, if any. */
  firstToolName?: string;
  /** The request's last message is the user's and contains the word "weather". */
  lastUserMessageMentionsWeather: boolean;
}

export interface SimTextCompletion {
  kind: 'text';
  tokens: string[];
  finish: 'stop' | 'length';
  inputTokens: number;
  outputTokens: number;
}

export interface SimToolCallCompletion {
  kind: 'tool-call';
  toolName: string;
  /** Deterministic hex id; protocols prefix it (`call_`, `tooluse_`). */
  callId: string;
  /** Always `{}`. */
  argumentsJson: string;
  inputTokens: number;
  outputTokens: number;
}

export type SimCompletion = SimTextCompletion | SimToolCallCompletion;

/** The same prompt always gives the same completion. */
export function completePrompt(prompt: SimPrompt): SimCompletion {
  const seedText = prompt.texts.join('\n');
  const inputTokens = countInputTokens(prompt.texts);
  if (prompt.firstToolName !== undefined && prompt.lastUserMessageMentionsWeather) {
    const argumentsJson = '{}';
    return {
      kind: 'tool-call',
      toolName: prompt.firstToolName,
      callId: hashText(`tool:${seedText}`).toString(16).padStart(8, '0'),
      argumentsJson,
      inputTokens,
      outputTokens: Math.max(1, Math.ceil((prompt.firstToolName.length + argumentsJson.length) / 4)),
    };
  }
  const text = generateDeterministicText(seedText, prompt.maxTokens);
  return { kind: 'text', tokens: text.tokens, finish: text.finish, inputTokens, outputTokens: text.tokens.length };
}

export function mentionsWeather(text: string): boolean {
  return /\bweather\b/i.test(text);
}
