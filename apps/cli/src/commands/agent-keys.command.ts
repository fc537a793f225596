import { randomUUID } from 'crypto';
import { AppKeyCreated, agentStreamId, DomainError } from '@forkline/domain';
import { AgentRepository, ResolvedAgent } from '@forkline/event-store';
import { issueAppKey, maskedAppKey } from '@forkline/platform';
import { CliContext, UsageError } from '../cli-context';

const USE = "agents keys: use 'create <agent>', 'list <agent>' or 'revoke <agent> <key_id>' (<agent>: an id, or a slug with --owner)";

/**
 * `agents keys create|list|revoke`: an agent's app keys for the Dify service API, on the event store alone, acting
 * as the agent's owner. `create` prints the key's id and the key, which is shown this once: only its hash is stored.
 */
export async function agentKeysCommand(
  ctx: CliContext,
  agents: AgentRepository,
  [sub, target, keyId]: string[],
  find: (target: string) => Promise<ResolvedAgent | null>,
  owner: string | undefined,
): Promise<void> {
  if (!['create', 'list', 'revoke'].includes(sub)) throw new UsageError(USE);
  if (!target) throw new UsageError(`agents keys ${sub} needs an agent id or, with --owner, a slug`);
  const agent = await find(target);
  if (!agent) throw new UsageError(`agent '${target}' not found`);
  const { agentId } = agent;
  const { state } = await agents.load(agentId);
  // A default agent never written has no owner on record: it was found among --owner's agents (its first key writes it).
  const actor = state.ownerId ?? owner!;
  const context = { actor, correlationId: `cli:${randomUUID()}`, causationId: null };
  try {
    if (sub === 'create') {
      const { key, keySha256, hint } = issueAppKey();
      const newId = randomUUID();
      await agents.createAppKey(agentId, actor, { keyId: newId, keySha256, hint }, context);
      ctx.out(`${newId}  ${key}`);
    } else if (sub === 'revoke') {
      if (!keyId) throw new UsageError('agents keys revoke needs <agent> <key_id>');
      await agents.revokeAppKey(agentId, actor, keyId, context);
      ctx.out(`revoked ${keyId}`);
    } else {
      for (const line of await keyLines(ctx, agentId, state.appKeys)) ctx.out(line);
    }
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(error.message);
    throw error;
  }
}

/** The keys still valid, oldest first: id, masked key, creation time. */
async function keyLines(ctx: CliContext, agentId: string, valid: string[]): Promise<string[]> {
  const events = await ctx.backends.eventStore.readStream(agentStreamId(agentId));
  return events
    .filter((e) => e.type === 'AppKeyCreated' && valid.includes((e.data as AppKeyCreated['data']).keyId))
    .map((e) => {
      const { keyId, hint } = e.data as AppKeyCreated['data'];
      return `${keyId}  ${maskedAppKey(hint)}  ${e.metadata.occurredAt}`;
    });
}
