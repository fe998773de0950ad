/** The two wire protocols the simulator speaks, and the inference operations of each. */
export type SimProtocol = 'openai' | 'bedrock';

export type SimOperationName =
  | 'chat.completions'
  | 'converse'
  | 'converse-stream'
  | 'invoke'
  | 'invoke-with-response-stream';

export const simOperationNames: readonly SimOperationName[] = [
  'chat.completions',
  'converse',
  'converse-stream',
  'invoke',
  'invoke-with-response-stream',
];
