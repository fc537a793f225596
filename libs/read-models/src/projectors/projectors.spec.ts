import { READ_MODEL_TABLES, ReadModelChange, TableName } from '../read-model.schema';
import { SAMPLE_CONVERSATION } from '../sample-conversation';
import { ALL_PROJECTORS } from './index';

/** What every projector promises the stores, checked over a conversation that touches every read model. */
describe('projectors', () => {
  const keyOf = (table: TableName, row: Record<string, unknown>) => READ_MODEL_TABLES[table].key.map((k) => row[k]).join('|');

  it.each(ALL_PROJECTORS.map((p) => [p.name, p] as const))(
    '%s: writes its own tables, at the position of the event, each row once per event',
    (_, p) => {
      for (const event of SAMPLE_CONVERSATION) {
        const changes: ReadModelChange[] = p.project(event);
        expect(changes.filter((c) => !p.tables.includes(c.table) || c.position !== event.position)).toEqual([]);
        const upserted = changes.flatMap((c) => ('upsert' in c ? [`${c.table}:${keyOf(c.table, c.upsert)}`] : []));
        expect({ event: event.type, rows: new Set(upserted).size }).toEqual({ event: event.type, rows: upserted.length });
        const deletes = changes.filter((c) => 'delete' in c);
        expect({ event: event.type, mixed: deletes.some((d) => upserted.some((u) => u.startsWith(`${d.table}:`))) }).toEqual({
          event: event.type,
          mixed: false,
        });
      }
    },
  );

  it('leave no read model unwritten by the sample conversation', () => {
    const written = new Set(ALL_PROJECTORS.flatMap((p) => SAMPLE_CONVERSATION.flatMap((e) => p.project(e).map((c) => c.table))));
    expect([...written].sort()).toEqual(Object.keys(READ_MODEL_TABLES).sort());
  });

  it('give every table to exactly one projector', () => {
    const owners = ALL_PROJECTORS.flatMap((p) => p.tables);
    expect(owners.sort()).toEqual(Object.keys(READ_MODEL_TABLES).sort());
  });
});
