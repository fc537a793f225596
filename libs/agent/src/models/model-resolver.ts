import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { LruCache } from '@forkline/event-store';
import { createChatModel, ModelSettings } from './chat-model.factory';

/** How many distinct model names keep their built chat model (agents name few; the rest are built again). */
export const CACHED_MODELS = 100;

/**
 * The chat model an agent names (same syntax as MODEL), built once with the server's provider settings
 * and reused by every later run; a build that failed is tried again next time.
 */
export class ModelResolver {
  private readonly built = new LruCache<string, Promise<BaseChatModel>>(CACHED_MODELS);

  constructor(
    private readonly settings: Omit<ModelSettings, 'model'>,
    private readonly build: (settings: ModelSettings) => Promise<BaseChatModel> = createChatModel,
  ) {}

  model(name: string): Promise<BaseChatModel> {
    const known = this.built.get(name);
    if (known) return known;
    const building = this.build({ ...this.settings, model: name });
    this.built.set(name, building);
    building.catch(() => this.built.get(name) === building && this.built.delete(name));
    return building;
  }
}
