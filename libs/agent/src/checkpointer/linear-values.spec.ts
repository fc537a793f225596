import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { JsonPlusSerializer } from '@langchain/langgraph-checkpoint';
import { Serialized } from '@forkline/domain';
import { approximateBytes } from '../message-weight';
import { blobKey, CheckpointIndex, newCheckpointIndex } from './checkpoint-index';
import { LinearValues } from './linear-values';

const noIndex = (): Promise<CheckpointIndex> => Promise.reject(new Error('not read by load'));

/** What LangGraph's serializer itself reads back from the stored form of a value. */
async function viaSerde(serde: JsonPlusSerializer, stored: Serialized): Promise<unknown> {
  return serde.loadsTyped(stored[0], JSON.stringify(stored[1]));
}

describe('LinearValues.load', () => {
  const serde = new JsonPlusSerializer();
  const values = new LinearValues(noIndex, serde);

  const cases: Record<string, unknown> = {
    'a checkpoint skeleton': { v: 4, ts: '2026-11-27T12:00:00.000Z', versions_seen: { respond: { messages: 3 } }, pending_sends: [] },
    'metadata with nesting': { source: 'loop', step: 2, parents: {}, writes: { respond: { n: [1, 'two', null, true] } } },
    'values LangGraph encodes as records': { undef: undefined, set: new Set([1, 2]), map: new Map([['a', 1]]) },
    messages: [new HumanMessage({ content: 'hi', id: 'm1' }), new AIMessage({ content: 'hello', id: 'm2' })],
    'a string that names lc': { note: 'the "lc" key', lc_like: 'x' },
  };

  it.each(Object.entries(cases))('reads %s back as the serializer does', async (_, value) => {
    const stored = await values.dump(value);
    const read = await values.load(stored);
    expect(read).toEqual(await viaSerde(serde, stored));
    expect(read).toEqual(value);
  });

  it('reads JSON without records itself, records through the serializer', async () => {
    const own = new JsonPlusSerializer();
    const loads = jest.spyOn(own, 'loadsTyped');
    const reader = new LinearValues(noIndex, own);
    await reader.load(['json', { step: 1, writes: { respond: null } }]);
    expect(loads).not.toHaveBeenCalled();
    await reader.load(await reader.dump({ gone: undefined }));
    expect(loads).toHaveBeenCalledTimes(1);
  });

  it('hands out a fresh copy, never the stored payload itself', async () => {
    const stored: Serialized = ['json', { a: { b: [1] } }];
    const read = (await values.load(stored)) as { a: { b: number[] } };
    read.a.b.push(2);
    expect(stored[1]).toEqual({ a: { b: [1] } });
    // Read again (from the text kept for the payload): another fresh copy, without the change made to the first.
    const again = (await values.load(stored)) as { a: { b: number[] } };
    expect(again).toEqual({ a: { b: [1] } });
    expect(again.a).not.toBe(read.a);
  });

  it('keeps the text of a payload read as it is, not of one the serializer revives, nor of a primitive', async () => {
    const stringify = jest.spyOn(JSON, 'stringify');
    const plain: Serialized = ['json', { v: 4, versions_seen: {} }];
    const record = await values.dump({ gone: undefined });
    for (const stored of [plain, record, ['json', 'text'] as Serialized]) {
      await values.load(stored);
      stringify.mockClear();
      expect([await values.load(stored), stringify.mock.calls.length]).toEqual([await viaSerde(serde, stored), stored === plain ? 0 : 1]);
    }
    stringify.mockRestore();
  });

  it('leaves a __proto__ key to the serializer, which assigns it', async () => {
    const stored: Serialized = ['json', JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}')];
    const read = (await values.load(stored)) as Record<string, unknown>;
    const expected = (await viaSerde(serde, stored)) as Record<string, unknown>;
    expect(Object.keys(read)).toEqual(Object.keys(expected));
    expect(Object.getPrototypeOf(read)).toEqual(Object.getPrototypeOf(expected));
  });

  it('reads through a serializer of its own (a subclass) every time', async () => {
    class Counting extends JsonPlusSerializer {
      loads = 0;
      async loadsTyped(type: string, data: Uint8Array | string) {
        this.loads++;
        return super.loadsTyped(type, data);
      }
    }
    const counting = new Counting();
    await new LinearValues(noIndex, counting).load(['json', { plain: true }]);
    expect(counting.loads).toBe(1);
  });
});

describe('LinearValues.decoded', () => {
  it('holds decoded values up to the bytes it is given, whatever their number, the latest read kept', async () => {
    const serde = new JsonPlusSerializer();
    const conversation = (t: string) =>
      Array.from({ length: 30 }, (_, i) => new HumanMessage({ content: `${t}: message ${i}`, id: `${t}-${i}` }));
    const threads = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const indexes = new Map<string, CheckpointIndex>();
    for (const t of threads) {
      const index = newCheckpointIndex();
      index.blobs.set(blobKey('', 'messages', 1), { full: await new LinearValues(noIndex, serde).dump(conversation(t)) });
      indexes.set(t, index);
    }
    const budget = 3 * approximateBytes(conversation('t0')) + 100; // three conversations
    const values = new LinearValues(async (t) => indexes.get(t)!, serde, undefined, budget);
    const first = await values.blobValue('t0', '', 'messages', 1);
    for (const t of threads) {
      const value = await values.blobValue(t, '', 'messages', 1);
      expect(value).toEqual(conversation(t));
      expect(await values.blobValue(t, '', 'messages', 1)).toBe(value); // read again: the cached value
      expect(values.decoded.weight).toBeLessThanOrEqual(budget);
    }
    expect([values.decoded.size, values.decoded.weight]).toEqual([3, 3 * approximateBytes(first)]);
    expect(await values.blobValue('t0', '', 'messages', 1)).not.toBe(first); // gone from the cache: decoded again
  });
});
