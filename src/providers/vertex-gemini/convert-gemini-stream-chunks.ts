/**
 * Gemini `streamGenerateContent?alt=sse` chunks (each a whole GenerateContentResponse with the next parts) as
 * canonical stream parts in the canonical order: `stream-start` first; text and thoughts as deltas of one open
 * block each (a change of kind closes the block); a function call, which Gemini sends whole, as a start, one delta
 * with its arguments, an end; on the chunk with `finishReason` every open block closed and one `finish`; usage
 * (cumulative `usageMetadata`) as it comes. No I/O.
 */
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import { geminiFinishReason } from './convert-gemini-response.js';
import { geminiCallId, readGeminiCandidate } from './read-gemini-candidate.js';
import { readGeminiUsage } from './read-gemini-usage.js';

export class GeminiStreamChunkConverter {
  private started = false;
  private nextIndex = 0;
  private open: { index: number; kind: 'text' | 'reasoning' } | undefined;
  private calls = 0;
  finished = false;
  usage: InferenceUsage | undefined;

  push(chunk: Record<string, unknown>): InferenceStreamPart[] {
    const parts: InferenceStreamPart[] = [];
    const view = readGeminiCandidate(chunk);
    if (!this.started) {
      this.started = true;
      parts.push({ type: 'stream-start', ...(view.responseId === undefined ? {} : { id: view.responseId }) });
    }
    if (!this.finished) {
      for (const part of view.parts) {
        if (part.kind === 'function-call') {
          this.closeOpen(parts);
          const index = this.nextIndex++;
          parts.push({ type: 'tool-call-start', index, id: geminiCallId(view, part, this.calls++), name: part.name });
          parts.push({ type: 'tool-call-delta', index, delta: JSON.stringify(part.args) });
          parts.push({ type: 'block-end', index });
          continue;
        }
        const kind = part.thought ? 'reasoning' : 'text';
        if (part.text === '' && part.signature === undefined) continue;
        if (this.open?.kind !== kind) {
          this.closeOpen(parts);
          this.open = { index: this.nextIndex++, kind };
        }
        const index = this.open.index;
        if (part.text !== '') parts.push(kind === 'text' ? { type: 'text-delta', index, delta: part.text } : { type: 'reasoning-delta', index, delta: part.text });
        if (part.signature !== undefined && kind === 'reasoning') parts.push({ type: 'reasoning-signature', index, signature: part.signature });
      }
      if (view.finishReason !== undefined || view.blockReason !== undefined) {
        this.closeOpen(parts);
        this.finished = true;
        parts.push({ type: 'finish', reason: geminiFinishReason(view, this.calls > 0) });
      }
    }
    const usage = readGeminiUsage(chunk.usageMetadata);
    if (usage !== undefined) {
      this.usage = usage;
      parts.push({ type: 'usage', usage });
    }
    return parts;
  }

  private closeOpen(parts: InferenceStreamPart[]): void {
    if (this.open === undefined) return;
    parts.push({ type: 'block-end', index: this.open.index });
    this.open = undefined;
  }
}
