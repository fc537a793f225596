import { defineAgentProjector } from './projector';

/** App keys by hash, for the auth layer's lookup: revoked keys and those of deleted agents are gone. */
export const appKeysProjector = defineAgentProjector('app-keys', ['app_keys'], (e) => {
  switch (e.type) {
    case 'AppKeyCreated': {
      const { keySha256, keyId, agentId, ownerId, hint } = e.data;
      return [
        {
          table: 'app_keys',
          upsert: { key_sha256: keySha256, key_id: keyId, agent_id: agentId, owner_id: ownerId, hint, created_at: e.occurredAt },
        },
      ];
    }
    case 'AppKeyRevoked':
      return [{ table: 'app_keys', delete: { agent_id: e.data.agentId, key_id: e.data.keyId } }];
    case 'AgentDeleted':
      return [{ table: 'app_keys', delete: { agent_id: e.data.agentId } }];
    default:
      return [];
  }
});
