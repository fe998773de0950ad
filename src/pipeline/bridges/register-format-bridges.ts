/** Registers the format bridges once; imported for its effect by the upstream registry. */
import { registerFormatBridge } from '../format-bridge.js';
import { bedrockConverseToOpenAiChatBridge } from './bedrock-converse-to-openai-chat-bridge.js';
import { openAiChatToBedrockConverseBridge } from './openai-chat-to-bedrock-converse-bridge.js';

let registered = false;

export function registerBuiltInFormatBridges(): void {
  if (registered) return;
  registered = true;
  registerFormatBridge(openAiChatToBedrockConverseBridge);
  registerFormatBridge(bedrockConverseToOpenAiChatBridge);
}

registerBuiltInFormatBridges();
