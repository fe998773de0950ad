/**
 * The Llama 3 chat template in an InvokeModel `prompt`, read back into turns:
 * `<|begin_of_text|><|start_header_id|>{role}<|end_header_id|>\n\n{text}<|eot_id|>...`. A prompt without the
 * template is one user turn as it is. A trailing open `assistant` header is the generation point; text after it is
 * the start of the answer (a prefill: a trailing assistant turn, as Anthropic's prefill is in the canonical model).
 * What the canonical model cannot hold (tool turns such as `ipython`, special tokens inside a turn, a system turn
 * after the conversation started, text outside any turn) is listed by reason, never dropped silently. Pure.
 */

export type LlamaRole = 'system' | 'user' | 'assistant';

export interface LlamaTurn {
  role: LlamaRole;
  text: string;
}

export interface ParsedLlamaPrompt {
  turns: LlamaTurn[];
  /** Reasons the prompt holds more than its turns (no content, only the construct): empty when it holds nothing else. */
  uncarried: string[];
}

const BEGIN = '<|begin_of_text|>';
const HEADER = /<\|start_header_id\|>([^<]*)<\|end_header_id\|>/g;
const EOT = '<|eot_id|>';
/** Llama 3 special tokens that mean more than text inside a turn (tool calls, images, end of a tool message). */
const SPECIAL_TOKEN = /<\|(python_tag|eom_id|image|eot_id|begin_of_text|end_of_text|finetune_right_pad_id|reserved_special_token_\d+)\|>/;
const ROLES: ReadonlySet<string> = new Set<LlamaRole>(['system', 'user', 'assistant']);

interface Segment {
  role: string;
  body: string;
  last: boolean;
}

function segmentsOf(text: string, uncarried: Set<string>): Segment[] {
  const headers = [...text.matchAll(HEADER)];
  if ((text.slice(0, headers[0]?.index ?? 0)).trim() !== '') uncarried.add('text outside a turn');
  return headers.map((header, i) => {
    const start = (header.index ?? 0) + header[0].length;
    const end = headers[i + 1]?.index ?? text.length;
    return { role: (header[1] ?? '').trim(), body: text.slice(start, end), last: i === headers.length - 1 };
  });
}

/** A closed turn's text (up to `<|eot_id|>`, trimmed); an open last turn's text keeps its trailing spaces. */
function turnText(segment: Segment, uncarried: Set<string>): { text: string; open: boolean } {
  const eot = segment.body.indexOf(EOT);
  if (eot === -1) return { text: segment.last ? segment.body.replace(/^\n+/, '') : segment.body.trim(), open: segment.last };
  if (segment.body.slice(eot + EOT.length).trim() !== '') uncarried.add('text after <|eot_id|>');
  return { text: segment.body.slice(0, eot).trim(), open: false };
}

export function parseLlamaPrompt(prompt: string): ParsedLlamaPrompt {
  const trimmed = prompt.trimStart();
  const text = trimmed.startsWith(BEGIN) ? trimmed.slice(BEGIN.length) : prompt;
  if (!text.includes('<|start_header_id|>')) {
    const uncarried = SPECIAL_TOKEN.test(text) ? [`special token ${SPECIAL_TOKEN.exec(text)?.[0] ?? ''}`] : [];
    return { turns: [{ role: 'user', text }], uncarried };
  }
  const uncarried = new Set<string>();
  const turns: LlamaTurn[] = [];
  for (const segment of segmentsOf(text, uncarried)) {
    const { text: content, open } = turnText(segment, uncarried);
    if (!ROLES.has(segment.role)) {
      uncarried.add(`role "${segment.role}"`);
      continue;
    }
    const special = SPECIAL_TOKEN.exec(content);
    if (special !== null) uncarried.add(`special token ${special[0]}`);
    const role = segment.role as LlamaRole;
    if (role === 'system' && turns.some((turn) => turn.role !== 'system')) uncarried.add('a system turn after the conversation started');
    // The open assistant header at the end is where the model writes: not a message of its own.
    if (content === '' && (open || role !== 'assistant')) continue;
    turns.push({ role, text: content });
  }
  return { turns, uncarried: [...uncarried] };
}
