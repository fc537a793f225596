import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { EventSourcedCheckpointSaver } from '@forkline/agent';
import { MessageView, ReadStore, ThreadHistory } from '@forkline/read-models';
import { RunValues } from './run-values';

const row = (message_id: string, role: 'user' | 'assistant', content: string, event_number: number) =>
  ({ message_id, role, content, event_number }) as MessageView;

/** RunValues over a checkpoint holding the first exchange, read models holding it and the next message (at event 5). */
function valuesOver() {
  const asked: string[] = [];
  const checkpointer = {
    getTuple: async () => ({
      checkpoint: {
        channel_values: { messages: [new HumanMessage({ id: 'h1', content: 'hi' }), new AIMessage({ id: 'a1', content: 'hello' })] },
      },
    }),
  } as unknown as EventSourcedCheckpointSaver;
  const rows = [row('h1', 'user', 'hi', 1), row('a1', 'assistant', 'hello', 3), row('h2', 'user', 'again', 5)];
  const history = {
    messagesOf: async (_: string, upTo: number, last?: number) => (
      asked.push(`messagesOf ${upTo} ${last}`),
      rows.filter((r) => r.event_number <= upTo)
    ),
  } as unknown as ThreadHistory;
  const readStore = {
    query: async () => (asked.push('message row'), [{ event_number: 5 }]),
  } as unknown as ReadStore;
  return { values: new RunValues(checkpointer, history, readStore), asked };
}

describe('RunValues.upTo: the state once a message was in it', () => {
  it('a message the checkpoint lacks: the checkpoint’s state and the newer rows, its row looked up unless its event number is known', async () => {
    const looked = valuesOver();
    const state = await looked.values.upTo('t', 'h2');
    expect(state.messages.map((m) => [m.id, m.type])).toEqual([
      ['h1', 'human'],
      ['a1', 'ai'],
      ['h2', 'human'],
    ]);
    expect(looked.asked).toEqual(['message row', 'messagesOf 5 16']);
    const known = valuesOver();
    expect(await known.values.upTo('t', 'h2', 5)).toEqual(state);
    expect(known.asked).toEqual(['messagesOf 5 16']);
  });

  it('a message the checkpoint holds: its state cut there, with no read', async () => {
    const { values, asked } = valuesOver();
    expect((await values.upTo('t', 'h1', 1)).messages.map((m) => m.id)).toEqual(['h1']);
    expect(asked).toEqual([]);
  });
});
