/**
 * Responses tools and tool choice -> canonical ones. Function tools, and the functions of `namespace` tools (named
 * `<namespace>__<name>`, the namespace's description before each function's own, so the model still reads it),
 * become canonical functions. What only OpenAI does with a function (`allowed_callers` beyond `direct`,
 * `defer_loading`, `output_schema`, a namespace function's `parameters` that is no object), built-in and custom
 * tools, and tool choices other than a function are Responses-only features, named by where they are. Pure.
 */
import { asJsonObject } from '../../inference/as-json-object.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import type { ResponsesFunctionTool, ResponsesNamespaceFunction, ResponsesRequest, ResponsesTool } from './responses-request-schema.js';
import type { ResponsesOnlyFeatures } from './responses-only-features.js';
import { responsesOnlyMember } from './responses-setting-names.js';
import type { ResponsesToolNames } from './responses-tool-names.js';

const EMPTY_SCHEMA = { type: 'object', properties: {} };

/** What a function asks beyond a canonical function; defaults and nulls ask nothing. */
function noteFunctionExtras(tool: ResponsesFunctionTool | ResponsesNamespaceFunction, only: ResponsesOnlyFeatures, where: string): void {
  const callers = tool.allowed_callers;
  // A direct call by the model is what every canonical tool call is.
  if (callers != null && !(callers.length > 0 && callers.every((c) => c === 'direct'))) only.at('function_allowed_callers', `${where}.allowed_callers`);
  if (tool.defer_loading === true) only.at('function_defer_loading', `${where}.defer_loading`);
  if (tool.output_schema != null) only.at('function_output_schema', `${where}.output_schema`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function convertResponsesTools(tools: readonly ResponsesTool[], names: ResponsesToolNames, only: ResponsesOnlyFeatures): InferenceTool[] {
  const out: InferenceTool[] = [];
  const functionTool = (tool: ResponsesFunctionTool | ResponsesNamespaceFunction, where: string, namespace?: { name: string; description?: string }): void => {
    noteFunctionExtras(tool, only, where);
    const parameters: unknown = tool.parameters;
    if (parameters != null && !isObject(parameters)) only.at('namespace_function_parameters', `${where}.parameters`);
    const description = [namespace?.description, tool.description].filter((text) => typeof text === 'string' && text !== '').join('\n\n');
    out.push({
      type: 'function',
      name: names.toCanonical(tool.name, namespace?.name),
      inputSchema: asJsonObject(isObject(parameters) ? parameters : EMPTY_SCHEMA),
      ...(description === '' ? {} : { description }),
      ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
    });
  };
  tools.forEach((tool, i) => {
    if (tool.type === 'function') functionTool(tool, `tools[${i}]`);
    else if (tool.type === 'namespace') {
      const namespace = { name: tool.name, ...(typeof tool.description === 'string' ? { description: tool.description } : {}) };
      tool.tools.forEach((inner, j) => {
        if (inner.type === 'function') functionTool(inner, `tools[${i}].tools[${j}]`, namespace);
        else only.add(responsesOnlyMember('tool', inner.toolType));
      });
    } else only.add(responsesOnlyMember('tool', tool.toolType));
  });
  return out;
}

export function convertResponsesToolChoice(choice: NonNullable<ResponsesRequest['tool_choice']>, names: ResponsesToolNames, only: ResponsesOnlyFeatures): InferenceToolChoice | undefined {
  if (typeof choice === 'string') return { type: choice };
  if (choice.type === 'function') {
    const namespace = typeof choice.namespace === 'string' ? choice.namespace : undefined;
    return { type: 'tool', name: names.toCanonical(choice.name, namespace) };
  }
  only.add(responsesOnlyMember('tool_choice', choice.choiceType));
  return undefined;
}
