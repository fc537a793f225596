import { at, SAMPLE_CONVERSATION, timeAt } from '../sample-conversation';
import { appKeysProjector } from './app-keys.projector';

describe('app keys projector', () => {
  const created = (position: number, keyId: string, agentId = 'g') =>
    at(position, { type: 'AppKeyCreated', data: { agentId, version: 2, keyId, ownerId: 'u1', keySha256: `sha-${keyId}`, hint: 'wxyz' } });

  it('files a key by its hash with its agent and owner, never the key', () => {
    expect(appKeysProjector.project(created(3, 'k1'))).toEqual([
      {
        table: 'app_keys',
        position: 3n,
        upsert: { key_sha256: 'sha-k1', key_id: 'k1', agent_id: 'g', owner_id: 'u1', hint: 'wxyz', created_at: timeAt(3) },
      },
    ]);
  });

  it('removes a revoked key, and every key of a deleted agent', () => {
    const revoked = at(4, { type: 'AppKeyRevoked', data: { agentId: 'g', version: 3, keyId: 'k1' } });
    expect(appKeysProjector.project(revoked)).toEqual([{ table: 'app_keys', position: 4n, delete: { agent_id: 'g', key_id: 'k1' } }]);
    const deleted = at(5, { type: 'AgentDeleted', data: { agentId: 'g', version: 4 } });
    expect(appKeysProjector.project(deleted)).toEqual([{ table: 'app_keys', position: 5n, delete: { agent_id: 'g' } }]);
  });

  it('ignores definition changes and conversation events', () => {
    const others = SAMPLE_CONVERSATION.filter((e) => !e.type.startsWith('AppKey') && e.type !== 'AgentDeleted');
    expect(others.flatMap((e) => appKeysProjector.project(e))).toEqual([]);
  });
});
