/**
 * Canonical reasoning <-> OpenRouter's `reasoning_details`, the chat wire's only place for a reasoning signature
 * and for redacted reasoning. One entry per reasoning block, numbered in order (`index`): a `reasoning` part is a
 * `reasoning.text` entry (with its `signature` when it has one), a `redacted-reasoning` part a `reasoning.encrypted`
 * entry (`data`). Read back, entries of one index merge (a stream sends the text and then the signature in entries of
 * their own, and clients that accumulate a stream keep them apart). Pure; shared by the surface's renderers and
 * inbound converter and by the openai-compatible provider's request converter and readers.
 */
import type { InferenceAssistantPart, InferenceReasoningPart, InferenceRedactedReasoningPart } from '../../inference/inference-content-parts.js';
import type { ChatOtherReasoningDetail, ChatReasoningDetail } from './openai-chat-types.js';

type ReasoningBlock = InferenceReasoningPart | InferenceRedactedReasoningPart;

/** The reasoning blocks of `parts`, in order, as `reasoning_details` entries. */
export function reasoningDetailsOf(parts: readonly InferenceAssistantPart[]): ChatReasoningDetail[] {
  const details: ChatReasoningDetail[] = [];
  for (const part of parts) {
    const index = details.length;
    if (part.type === 'reasoning') details.push({ type: 'reasoning.text', text: part.text, ...(part.signature === undefined ? {} : { signature: part.signature }), index });
    else if (part.type === 'redacted-reasoning') details.push({ type: 'reasoning.encrypted', data: part.data, index });
  }
  return details;
}

/** True when some reasoning of `parts` needs `reasoning_details` to travel: a signature, or encrypted reasoning. */
export function needsReasoningDetails(parts: readonly InferenceAssistantPart[]): boolean {
  return parts.some((part) => (part.type === 'reasoning' && part.signature !== undefined) || part.type === 'redacted-reasoning');
}

export function isKnownReasoningDetail(detail: ChatReasoningDetail | ChatOtherReasoningDetail): detail is ChatReasoningDetail {
  return detail.type === 'reasoning.text' || detail.type === 'reasoning.encrypted';
}

/**
 * `reasoning_details` entries -> canonical reasoning parts, in order; entries of one index merge into one part
 * (texts joined, the signature kept). `onOther` hears of each entry of another type, by its position; a text entry
 * with neither text nor signature says nothing and gives no part.
 */
export function reasoningPartsOf(
  details: ReadonlyArray<ChatReasoningDetail | ChatOtherReasoningDetail>,
  onOther: (detail: ChatOtherReasoningDetail, position: number) => void = () => undefined,
): ReasoningBlock[] {
  const parts: ReasoningBlock[] = [];
  let lastIndex: number | undefined;
  details.forEach((detail, position) => {
    if (!isKnownReasoningDetail(detail)) {
      onOther(detail, position);
      return;
    }
    const last = parts[parts.length - 1];
    const sameBlock = detail.index !== undefined && detail.index === lastIndex;
    if (detail.type === 'reasoning.encrypted') {
      parts.push({ type: 'redacted-reasoning', data: detail.data });
      lastIndex = detail.index;
      return;
    }
    const text = detail.text ?? '';
    const signature = detail.signature ?? undefined;
    if (sameBlock && last?.type === 'reasoning') {
      last.text += text;
      if (signature !== undefined) last.signature = signature;
      return;
    }
    if (text === '' && signature === undefined) return;
    parts.push({ type: 'reasoning', text, ...(signature === undefined ? {} : { signature }) });
    lastIndex = detail.index;
  });
  return parts;
}
