import { HumanMessage } from '@langchain/core/messages';
import { OfflineChatModel } from './offline-chat-model';
import { checkModelSetting } from './chat-model.factory';

describe('OfflineChatModel', () => {
  it('streams a deterministic answer token by token and says it is offline', async () => {
    const model = new OfflineChatModel();
    const tokens: string[] = [];
    for await (const chunk of await model.stream([new HumanMessage('ping')])) tokens.push(String(chunk.content));
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.join('')).toBe((await model.invoke([new HumanMessage('ping')])).content);
    expect(tokens.join('')).toMatch(/^\[offline model\] You said: "ping" \(1 messages in context\)\./);
  });

  it('stops streaming when its signal aborts', async () => {
    const model = new OfflineChatModel({ tokenDelayMs: 20 });
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of await model.stream([new HumanMessage('long')], { signal: controller.signal }))
        seen.push(String(chunk.content));
    })();
    setTimeout(() => controller.abort(), 70);
    await expect(reading).rejects.toThrow();
    expect(seen.length).toBeLessThan(10);
  });
});

describe('checkModelSetting', () => {
  it.each([
    ['offline', null],
    ['openai:gpt-4o-mini', null],
    ['anthropic:claude-x', null],
    ['ollama:llama3', null],
  ])('accepts %s', (model, expected) => {
    expect(checkModelSetting(model)).toBe(expected);
  });
  it.each(['', 'openai', 'openai:', 'cohere:x', 'gpt-4'])('refuses %j', (model) => {
    expect(checkModelSetting(model)).toMatch(/^MODEL must be/);
  });
});
