/** OpenAI tool-call `arguments` (JSON text) -> a Converse `toolUse.input` value. Blank text is `{}`. */
export type ToolArgumentsResult = { ok: true; input: unknown } | { ok: false };

export function parseToolArguments(text: string): ToolArgumentsResult {
  if (text.trim() === '') return { ok: true, input: {} };
  try {
    const input: unknown = JSON.parse(text);
    return { ok: true, input };
  } catch {
    return { ok: false };
  }
}
