import { ModelResolver } from './model-resolver';
import { OfflineChatModel } from './offline-chat-model';

describe('ModelResolver', () => {
  const settings = { offlineTokenDelayMs: 0, env: { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:9' } };

  it('builds each model name once, with the server settings, and a different one per name', async () => {
    const resolver = new ModelResolver(settings);
    const [a, b, c] = await Promise.all([resolver.model('openai:one'), resolver.model('openai:one'), resolver.model('openai:two')]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect((a as unknown as { model: string }).model).toBe('one');
    expect((c as unknown as { model: string }).model).toBe('two');
    expect(await resolver.model('offline')).toBeInstanceOf(OfflineChatModel);
  });

  it('tries a failed build again rather than keeping its failure', async () => {
    let calls = 0;
    const resolver = new ModelResolver(settings, async () => {
      if (++calls === 1) throw new Error('provider package missing');
      return new OfflineChatModel();
    });
    await expect(resolver.model('ollama:x')).rejects.toThrow('provider package missing');
    await expect(resolver.model('ollama:x')).resolves.toBeInstanceOf(OfflineChatModel);
    expect(calls).toBe(2);
  });
});
