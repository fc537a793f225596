import { defaultAgentDefinition } from '@forkline/domain';
import { at, SAMPLE_CONVERSATION, timeAt } from '../sample-conversation';
import { agentsProjector } from './agents.projector';

describe('agents projector', () => {
  const definition = { ...defaultAgentDefinition(), slug: 'helper', model: 'openai:gpt-x', tools: [], suggestedQuestions: ['why?'] };

  it('writes a created agent whole, with its lists and metadata as JSON', () => {
    const created = at(3, { type: 'AgentCreated', data: { agentId: 'g', ownerId: 'u1', version: 1, ...definition } });
    expect(agentsProjector.project(created)).toEqual([
      {
        table: 'agents',
        position: 3n,
        upsert: {
          agent_id: 'g',
          owner_id: 'u1',
          slug: 'helper',
          name: 'Assistant',
          description: '',
          mode: 'chat',
          model: 'openai:gpt-x',
          system_prompt: '',
          tools: '[]',
          opening_statement: '',
          suggested_questions: '["why?"]',
          triggers: '[{"nodeId":"trigger_chat","type":"trigger_chat"}]',
          metadata: '{}',
          suggested_after_answer: 0,
          conversation_variables: '[]',
          site_code: null,
          web_enabled: 1,
          version: 1,
          created_at: timeAt(3),
          updated_at: timeAt(3),
        },
      },
    ]);
  });

  it('writes the site code and the web switch: none and on for agents from before them', () => {
    const created = at(3, { type: 'AgentCreated', data: { agentId: 'g', ownerId: 'u1', version: 1, ...definition, siteCode: 'abcd1234' } });
    expect(agentsProjector.project(created)[0]).toMatchObject({ upsert: { site_code: 'abcd1234', web_enabled: 1 } });
    const off = at(4, { type: 'AgentUpdated', data: { agentId: 'g', version: 2, webEnabled: false, siteCode: 'efgh5678' } });
    expect(agentsProjector.project(off)[0]).toMatchObject({ upsert: { site_code: 'efgh5678', web_enabled: 0 } });
  });

  it('writes the Dify settings when given (off and none when not: agents from before them)', () => {
    const variable = { id: 'v', name: 'n', valueType: 'number' as const, value: 1, description: '' };
    const data = { agentId: 'g', version: 2, suggestedQuestionsAfterAnswer: { enabled: true }, conversationVariables: [variable] };
    expect(agentsProjector.project(at(4, { type: 'AgentUpdated', data }))).toEqual([
      {
        table: 'agents',
        position: 4n,
        upsert: {
          agent_id: 'g',
          version: 2,
          updated_at: timeAt(4),
          suggested_after_answer: 1,
          conversation_variables: JSON.stringify([variable]),
        },
      },
    ]);
  });

  it('changes only the columns an update names (null clears the model and tools), and removes a deleted agent', () => {
    const updated = at(4, {
      type: 'AgentUpdated',
      data: { agentId: 'g', version: 2, model: null, tools: null, systemPrompt: 'Be brief.' },
    });
    expect(agentsProjector.project(updated)).toEqual([
      {
        table: 'agents',
        position: 4n,
        upsert: { agent_id: 'g', version: 2, updated_at: timeAt(4), model: null, tools: null, system_prompt: 'Be brief.' },
      },
    ]);
    expect(agentsProjector.project(at(5, { type: 'AgentDeleted', data: { agentId: 'g', version: 3 } }))).toEqual([
      { table: 'agents', position: 5n, delete: { agent_id: 'g' } },
    ]);
  });

  it("counts an app key's events in the version, changing nothing else", () => {
    const revoked = at(6, { type: 'AppKeyRevoked', data: { agentId: 'g', version: 4, keyId: 'k' } });
    expect(agentsProjector.project(revoked)).toEqual([{ table: 'agents', position: 6n, upsert: { agent_id: 'g', version: 4 } }]);
  });

  it('ignores conversation events', () => {
    const others = SAMPLE_CONVERSATION.filter((e) => !e.type.startsWith('Agent') && !e.type.startsWith('AppKey'));
    expect(others.flatMap((e) => agentsProjector.project(e))).toEqual([]);
  });
});
