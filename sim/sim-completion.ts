/**
 * The protocol-neutral core: a request reduced to a `SimPrompt`, and the `SimCompletion` the simulator answers
 * with. Protocol parsers build the prompt; protocol renderers write the completion.
 */
import { countInputTokens, generateDeterministicText, hashText } from './deterministic-text.js';
import { sampleToolArguments } from './sim-tool-arguments.js';

export interface SimPrompt {
  /** All text content in order (system first); the PRNG seed and the input-token count come from it. */
  texts: string[];
  maxTokens: number;
  /** The first tool the request offers, if any. */
  firstToolName?: string;
  /** The input schema of each tool the request offers, by name: a call's arguments fill its required properties. */
  toolInputSchemas?: Readonly<Record<string, unknown>>;
  /** The request's last message is the user's and contains the word "weather". */
  lastUserMessageMentionsWeather: boolean;
  /**
   * What the request said about tools: `auto` (absent) calls the first tool only for a weather question, `none`
   * never calls one, `any` always calls the first tool, `{ tool }` always calls the named one.
   */
  toolChoice?: SimToolChoice;
  /** The request asked for extended thinking with this budget: the answer starts with a thinking block. */
  thinkingBudgetTokens?: number;
}

export type SimToolChoice = 'auto' | 'none' | 'any' | { tool: string };

/** The thinking block of a completion whose request asked for it (Anthropic extended thinking). */
export interface SimReasoning {
  tokens: string[];
  /** Opaque, deterministic; clients send it back with the block on the next turn. */
  signature: string;
}

export interface SimTextCompletion {
  kind: 'text';
  tokens: string[];
  finish: 'stop' | 'length';
  inputTokens: number;
  outputTokens: number;
  reasoning?: SimReasoning;
}

export interface SimToolCallCompletion {
  kind: 'tool-call';
  toolName: string;
  /** Deterministic hex id; protocols prefix it (`call_`, `tooluse_`). */
  callId: string;
  /** The tool's required properties, sampled from their schemas (`sim-tool-arguments.ts`); `{}` when none. */
  argumentsJson: string;
  inputTokens: number;
  outputTokens: number;
  reasoning?: SimReasoning;
}

export type SimCompletion = SimTextCompletion | SimToolCallCompletion;

/** The same prompt always gives the same completion. */
export function completePrompt(prompt: SimPrompt): SimCompletion {
  const seedText = prompt.texts.join('\n');
  const inputTokens = countInputTokens(prompt.texts);
  const reasoning = prompt.thinkingBudgetTokens === undefined ? undefined : thinkAbout(seedText, prompt.thinkingBudgetTokens);
  const reasoningTokens = reasoning?.tokens.length ?? 0;
  const toolName = chosenTool(prompt);
  if (toolName !== undefined) {
    const argumentsJson = JSON.stringify(sampleToolArguments(prompt.toolInputSchemas?.[toolName]));
    return {
      kind: 'tool-call',
      toolName,
      callId: hashText(`tool:${seedText}`).toString(16).padStart(8, '0'),
      argumentsJson,
      inputTokens,
      outputTokens: reasoningTokens + Math.max(1, Math.ceil((toolName.length + argumentsJson.length) / 4)),
      ...(reasoning === undefined ? {} : { reasoning }),
    };
  }
  const text = generateDeterministicText(seedText, Math.max(1, prompt.maxTokens - reasoningTokens));
  return {
    kind: 'text',
    tokens: text.tokens,
    finish: text.finish,
    inputTokens,
    outputTokens: reasoningTokens + text.tokens.length,
    ...(reasoning === undefined ? {} : { reasoning }),
  };
}

function chosenTool(prompt: SimPrompt): string | undefined {
  const choice = prompt.toolChoice ?? 'auto';
  if (choice === 'none' || prompt.firstToolName === undefined) return undefined;
  if (choice === 'any') return prompt.firstToolName;
  if (typeof choice === 'object') return choice.tool;
  return prompt.lastUserMessageMentionsWeather ? prompt.firstToolName : undefined;
}

/** A short deterministic thinking text (at most 16 words, within the budget) and its signature. */
function thinkAbout(seedText: string, budgetTokens: number): SimReasoning {
  const text = generateDeterministicText(`thinking:${seedText}`, Math.min(16, Math.max(1, budgetTokens)));
  const signature = Buffer.from(`sim-signature:${hashText(text.tokens.join('')).toString(16)}`).toString('base64');
  return { tokens: text.tokens, signature };
}

export function mentionsWeather(text: string): boolean {
  return /\bweather\b/i.test(text);
}
