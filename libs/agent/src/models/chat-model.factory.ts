import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { OfflineChatModel } from './offline-chat-model';

export interface ModelSettings {
  /** `offline`, `openai:<name>`, `anthropic:<name>` or `ollama:<name>`. */
  model: string;
  offlineTokenDelayMs: number;
  env: NodeJS.ProcessEnv;
}

const PROVIDERS = ['openai', 'anthropic', 'ollama'];

/** Checks MODEL without building anything, so a bad value stops the server at start. Returns an error line or null. */
export function checkModelSetting(model: string): string | null {
  if (model === 'offline') return null;
  const [provider, name] = splitModel(model);
  if (!PROVIDERS.includes(provider) || !name) {
    return `MODEL must be 'offline' or '<provider>:<model name>' with provider one of ${PROVIDERS.join(', ')}; got '${model}'`;
  }
  return null;
}

/** Builds the LangChain chat model named by MODEL. Provider packages load only when chosen. */
export async function createChatModel({ model, offlineTokenDelayMs, env }: ModelSettings): Promise<BaseChatModel> {
  const problem = checkModelSetting(model);
  if (problem) throw new Error(problem);
  if (model === 'offline') return new OfflineChatModel({ tokenDelayMs: offlineTokenDelayMs });
  const [provider, name] = splitModel(model);
  switch (provider) {
    case 'openai': {
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({
        model: name,
        apiKey: env.OPENAI_API_KEY ?? 'not-set',
        configuration: env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : undefined,
        streaming: true,
        maxRetries: 1,
      });
    }
    case 'anthropic': {
      const { ChatAnthropic } = await import('@langchain/anthropic');
      return new ChatAnthropic({ model: name, apiKey: env.ANTHROPIC_API_KEY, streaming: true, maxRetries: 1 });
    }
    default: {
      const { ChatOllama } = await import('@langchain/ollama');
      return new ChatOllama({ model: name, baseUrl: env.OLLAMA_BASE_URL });
    }
  }
}

function splitModel(model: string): [string, string] {
  const i = model.indexOf(':');
  return i < 0 ? [model, ''] : [model.slice(0, i), model.slice(i + 1)];
}
