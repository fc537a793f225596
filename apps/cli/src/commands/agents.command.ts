import { randomUUID } from 'crypto';
import { AgentDefinition, checkAgentDefinition, defaultAgentDefinition, DomainError, RunMode } from '@forkline/domain';
import { BUILTIN_TOOL_NAMES, checkModelSetting } from '@forkline/agent';
import { AgentRepository, ResolvedAgent } from '@forkline/event-store';
import { CliContext, UsageError } from '../cli-context';
import { agentKeysCommand } from './agent-keys.command';

type Flags = Record<string, string | boolean | undefined>;

const USE =
  "agents: use 'list --owner <id>', 'create --owner <id> --slug <s> --name <n> [--mode m] [--model x] [--system-prompt p]', " +
  "'show <agent_id|slug> [--owner <id>]' or 'keys create|list|revoke <agent_id|slug> [key_id] [--owner <id>]'";

/**
 * `agents list|create|show`, on the event store alone (no read model, no server): a user's agents are found
 * through their slug index, and their default agent is there whether or not it was ever written.
 */
export async function agentsCommand(ctx: CliContext, args: string[], flags: Flags): Promise<void> {
  const [sub, target] = args;
  const agents = new AgentRepository(ctx.backends.eventStore);
  const owner = typeof flags.owner === 'string' ? flags.owner : undefined;
  switch (sub) {
    case 'list':
      if (!owner) throw new UsageError('agents list needs --owner <id>');
      for (const a of await agents.list(owner))
        ctx.out([a.agentId, a.definition.slug, a.definition.mode, `v${a.version}`, a.definition.name].join('  '));
      return;
    case 'show': {
      if (!target) throw new UsageError('agents show needs an agent id or, with --owner, a slug');
      const agent = await find(agents, target, owner);
      if (!agent) throw new UsageError(`agent '${target}' not found${owner ? ` for owner '${owner}'` : ''}`);
      for (const line of describe(agent)) ctx.out(line);
      return;
    }
    case 'create': {
      if (!owner) throw new UsageError('agents create needs --owner <id>');
      const definition = { ...defaultAgentDefinition(), ...checkedFields(flags) };
      const agentId = randomUUID();
      const context = { actor: owner, correlationId: `cli:${randomUUID()}`, causationId: null };
      try {
        await agents.create(agentId, owner, definition, context);
      } catch (error) {
        if (error instanceof DomainError) throw new UsageError(error.message);
        throw error;
      }
      ctx.out(agentId);
      return;
    }
    case 'keys':
      return agentKeysCommand(ctx, agents, args.slice(1), (t) => find(agents, t, owner), owner);
    default:
      throw new UsageError(USE);
  }
}

/** By id (any owner's, or only `owner`'s when given), else by slug among `owner`'s agents. */
async function find(agents: AgentRepository, target: string, owner: string | undefined): Promise<ResolvedAgent | null> {
  if (owner) return (await agents.list(owner)).find((a) => a.agentId === target || a.definition.slug === target) ?? null;
  const { state } = await agents.load(target);
  return state.exists ? agents.find(state.ownerId!, target) : null;
}

/** The flags as definition fields, checked by the same rules as the API's (the problem names the flag). */
function checkedFields(flags: Flags): Partial<AgentDefinition> & Pick<AgentDefinition, 'slug' | 'name'> {
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const [slug, name, mode, model, systemPrompt] = ['slug', 'name', 'mode', 'model', 'system-prompt'].map(text);
  if (slug === undefined) throw new UsageError('agents create needs --slug <s>');
  if (name === undefined) throw new UsageError('agents create needs --name <n>');
  const fields = {
    slug,
    name,
    ...(mode !== undefined && { mode: mode as RunMode }),
    ...(model !== undefined && { model }),
    ...(systemPrompt !== undefined && { systemPrompt }),
  };
  const problem = checkAgentDefinition(fields, { toolNames: BUILTIN_TOOL_NAMES, modelProblem: checkModelSetting });
  if (problem) throw new UsageError(`--${problem.field.replace(/_/g, '-')}: ${problem.message}`);
  return fields;
}

function describe({ agentId, version, definition: d }: ResolvedAgent): string[] {
  return [
    `agent_id: ${agentId}`,
    `slug: ${d.slug}`,
    `name: ${d.name}`,
    `mode: ${d.mode}`,
    `model: ${d.model ?? '(server default)'}`,
    `version: ${version}`,
    `tools: ${d.tools === null ? '(all)' : d.tools.join(', ') || '(none)'}`,
    `triggers: ${d.triggers.map((t) => `${t.nodeId}:${t.type}`).join(', ')}`,
    `description: ${d.description}`,
    `system_prompt: ${d.systemPrompt}`,
    `site_code: ${d.siteCode ?? '(none until the agent is next changed)'}`,
    `web_enabled: ${d.webEnabled !== false}`,
  ];
}
