/**
 * Azure OpenAI's content-filter annotations as the simulator writes them: `prompt_filter_results` on a response
 * (and the first chunk of a stream), `content_filter_results` per choice, and the 400 `content_filter` error of a
 * filtered prompt. A prompt containing `sim-content-filter` is refused that way; one containing `sim-output-filter`
 * is answered, but its answer is cut short with `finish_reason: content_filter`. Pure.
 */

export const PROMPT_FILTER_TRIGGER = 'sim-content-filter';
export const OUTPUT_FILTER_TRIGGER = 'sim-output-filter';

const CATEGORIES = ['hate', 'self_harm', 'sexual', 'violence'] as const;

export function contentFilterResults(filteredCategory?: (typeof CATEGORIES)[number]) {
  return Object.fromEntries(CATEGORIES.map((category) => [category, category === filteredCategory
    ? { filtered: true, severity: 'high' }
    : { filtered: false, severity: 'safe' }]));
}

export function promptFilterResults() {
  return [{ prompt_index: 0, content_filter_results: contentFilterResults() }];
}

export function azureContentFilterError(message: string) {
  return {
    error: {
      message,
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: contentFilterResults('violence') },
    },
  };
}
