/**
 * A Vertex AI Gemini `generateContent` body reduced to what the simulator needs: the texts of `systemInstruction`
 * and `contents` (text, function calls and responses), the first declared function, `toolConfig`'s mode,
 * `generationConfig` (`maxOutputTokens`, `responseMimeType`/`responseSchema`, `thinkingConfig`). Checks what
 * Vertex checks: roles `user`/`model`, parts not empty. Pure.
 */
import { z } from 'zod';
import { mentionsWeather, type SimPrompt, type SimToolChoice } from './sim-completion.js';
import { SimError } from './sim-error.js';
import { toolInputSchemasOf } from './sim-tool-arguments.js';

const partSchema = z.object({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  inlineData: z.object({ mimeType: z.string(), data: z.string() }).passthrough().optional(),
  fileData: z.object({ mimeType: z.string().optional(), fileUri: z.string() }).passthrough().optional(),
  functionCall: z.object({ name: z.string().min(1), args: z.record(z.unknown()).optional() }).passthrough().optional(),
  functionResponse: z.object({ name: z.string().min(1), response: z.record(z.unknown()) }).passthrough().optional(),
}).passthrough();

const contentSchema = z.object({ role: z.enum(['user', 'model']).optional(), parts: z.array(partSchema).min(1) }).passthrough();

const requestSchema = z.object({
  contents: z.array(contentSchema).min(1),
  systemInstruction: z.object({ parts: z.array(partSchema).min(1) }).passthrough().optional(),
  tools: z.array(z.object({
    functionDeclarations: z.array(z.object({ name: z.string().min(1), parameters: z.unknown().optional(), parametersJsonSchema: z.unknown().optional() }).passthrough()).optional(),
  }).passthrough()).optional(),
  toolConfig: z.object({
    functionCallingConfig: z.object({ mode: z.enum(['AUTO', 'ANY', 'NONE', 'VALIDATED']).optional(), allowedFunctionNames: z.array(z.string()).optional() }).passthrough().optional(),
  }).passthrough().optional(),
  generationConfig: z.object({
    maxOutputTokens: z.number().int().min(1).optional(),
    responseMimeType: z.string().optional(),
    responseSchema: z.record(z.unknown()).optional(),
    thinkingConfig: z.object({ thinkingBudget: z.number().int().optional(), includeThoughts: z.boolean().optional() }).passthrough().optional(),
  }).passthrough().optional(),
}).passthrough();

type GeminiPart = z.infer<typeof partSchema>;

export interface GeminiSimRequest {
  prompt: SimPrompt;
  /** The system instruction's texts: the prefix Vertex caches implicitly. */
  systemTexts: string[];
  responseSchema?: Record<string, unknown>;
  /** `thinkingConfig.includeThoughts`: thought parts in the answer. */
  includeThoughts: boolean;
}

function partTexts(part: GeminiPart): string[] {
  if (part.text !== undefined) return [part.text];
  if (part.functionCall !== undefined) return [part.functionCall.name, JSON.stringify(part.functionCall.args ?? {})];
  if (part.functionResponse !== undefined) return [part.functionResponse.name, JSON.stringify(part.functionResponse.response)];
  return [];
}

function toolChoiceOf(config: z.infer<typeof requestSchema>['toolConfig']): SimToolChoice | undefined {
  const calling = config?.functionCallingConfig;
  if (calling?.mode === 'NONE') return 'none';
  if (calling?.mode === 'ANY') return calling.allowedFunctionNames?.length === 1 ? { tool: calling.allowedFunctionNames[0] } : 'any';
  return undefined;
}

export function parseGeminiRequest(body: Record<string, unknown>, defaultMaxTokens: number): GeminiSimRequest {
  const result = requestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SimError('invalid_request', `Invalid JSON payload: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  const request = result.data;
  const systemTexts = (request.systemInstruction?.parts ?? []).flatMap(partTexts);
  const last = request.contents[request.contents.length - 1];
  const config = request.generationConfig;
  const budget = config?.thinkingConfig?.thinkingBudget;
  const json = config?.responseMimeType === 'application/json';
  return {
    systemTexts,
    includeThoughts: config?.thinkingConfig?.includeThoughts === true,
    ...(json ? { responseSchema: config?.responseSchema ?? { type: 'object' } } : {}),
    prompt: {
      texts: [...systemTexts, ...request.contents.flatMap((content) => content.parts.flatMap(partTexts))],
      maxTokens: config?.maxOutputTokens ?? defaultMaxTokens,
      firstToolName: request.tools?.flatMap((tool) => tool.functionDeclarations ?? [])[0]?.name,
      toolInputSchemas: toolInputSchemasOf((request.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []).map((f) => [f.name, f.parametersJsonSchema ?? f.parameters])),
      toolChoice: toolChoiceOf(request.toolConfig),
      lastUserMessageMentionsWeather: (last.role ?? 'user') === 'user' && last.parts.some((part) => part.text !== undefined && mentionsWeather(part.text)),
      ...(budget !== undefined && budget > 0 ? { thinkingBudgetTokens: budget } : {}),
    },
  };
}
