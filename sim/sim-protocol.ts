/** The wire protocols the simulator speaks, and the inference operations of each. */
export type SimProtocol = 'openai' | 'bedrock' | 'anthropic' | 'azure' | 'gemini';

export type SimOperationName =
  | 'chat.completions'
  | 'responses'
  | 'converse'
  | 'converse-stream'
  | 'invoke'
  | 'invoke-with-response-stream'
  | 'messages'
  | 'messages.count_tokens'
  | 'azure.chat.completions'
  | 'gemini.generateContent'
  | 'gemini.streamGenerateContent'
  | 'embeddings';

export const simOperationNames: readonly SimOperationName[] = [
  'chat.completions',
  'responses',
  'converse',
  'converse-stream',
  'invoke',
  'invoke-with-response-stream',
  'messages',
  'messages.count_tokens',
  'azure.chat.completions',
  'gemini.generateContent',
  'gemini.streamGenerateContent',
  'embeddings',
];
