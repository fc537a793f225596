import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { toSdkMessage } from './sdk-messages';
import { answerJson, sdkMessageOf, valuesJson } from './state-json';

describe('state JSON', () => {
  it('serializes a state as JSON.stringify does, messages in SDK form, other channels and fields as they are', () => {
    const messages = [new HumanMessage({ content: 'hi', id: 'm1' }), new AIMessage({ content: [{ type: 'text', text: 'yo' }], id: 'm2' })];
    const state = {
      values: { messages: messages.map(sdkMessageOf), plan: { steps: ['a'] }, gone: undefined },
      next: [],
      checkpoint: { thread_id: 't', checkpoint_id: 'c' },
      metadata: undefined,
      parent_checkpoint: null,
    };
    const json = answerJson(state).toString();
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(state)));
    expect(JSON.parse(json).values.messages).toEqual(messages.map(toSdkMessage));
    expect(answerJson({ values: {} }).toString()).toBe('{"values":{}}');
  });

  it('converts a message once, and again when its id or content changed', () => {
    const message = new HumanMessage({ content: 'hi', id: 'm1' });
    const first = sdkMessageOf(message);
    expect(sdkMessageOf(message)).toBe(first);
    expect(answerJson([{ values: { messages: [first, first] } }]).toString()).toBe(
      `[{"values":{"messages":[${JSON.stringify(first)},${JSON.stringify(first)}]}}]`,
    );
    message.content = 'changed';
    expect(sdkMessageOf(message)).toMatchObject({ content: 'changed', id: 'm1' });
    message.id = 'm9';
    expect(sdkMessageOf(message).id).toBe('m9');
  });

  it("serializes a run's output (values, an error, nothing) byte for byte as JSON.stringify does", () => {
    const messages = [new HumanMessage({ content: 'hé "q"', id: 'm1' }), new AIMessage({ content: 'yo', id: 'm2' })].map(sdkMessageOf);
    for (const output of [
      { messages },
      { messages: [] },
      { __error__: { error: 'RunError', message: 'boom' } },
      {},
      { messages, x: undefined },
    ])
      expect(valuesJson(output).toString()).toBe(JSON.stringify(output));
  });
});
