import { AgentDefinition, defaultAgentDefinition } from './agent-events';
import { AGENT_LIMITS, checkAgentDefinition } from './agent-definition-check';

describe('checkAgentDefinition', () => {
  const capabilities = {
    toolNames: ['calculator', 'current_time'],
    modelProblem: (model: string) => (model.includes(':') || model === 'offline' ? null : `not a model: ${model}`),
  };
  const check = (fields: Partial<AgentDefinition>) => checkAgentDefinition(fields, capabilities);

  it('accepts a whole definition, an empty change, and nulls where they mean the server default', () => {
    expect(check({ ...defaultAgentDefinition(), slug: 'helper-2', model: 'openai:gpt-4o-mini', tools: ['calculator'] })).toBeNull();
    expect(check({})).toBeNull();
    expect(check({ model: null, tools: null })).toBeNull();
    expect(check({ name: 'x'.repeat(AGENT_LIMITS.name), systemPrompt: 'x'.repeat(AGENT_LIMITS.systemPrompt) })).toBeNull();
  });

  it.each<[string, Partial<AgentDefinition>, string, RegExp]>([
    ['a slug with capitals', { slug: 'Bad' }, 'slug', /lowercase/],
    ['a slug of 65 characters', { slug: 'a'.repeat(65) }, 'slug', /1-64/],
    ['a blank name', { name: '  ' }, 'name', /empty/],
    ['a name over the limit', { name: 'x'.repeat(AGENT_LIMITS.name + 1) }, 'name', /at most 200/],
    ['a null name', { name: null as unknown as string }, 'name', /null/],
    ['an unknown mode', { mode: 'dream' as never }, 'mode', /chat, actionplan, react/],
    ['a model the runtime refuses', { model: 'gpt' }, 'model', /not a model: gpt/],
    ['a system prompt over the limit', { systemPrompt: 'x'.repeat(AGENT_LIMITS.systemPrompt + 1) }, 'system_prompt', /20000/],
    ['an unknown tool', { tools: ['rm_rf'] }, 'tools', /calculator, current_time/],
    ['a repeated tool', { tools: ['calculator', 'calculator'] }, 'tools', /repeat/],
    ['too many questions', { suggestedQuestions: Array(21).fill('why?') }, 'suggested_questions', /20/],
    ['a question over the limit', { suggestedQuestions: ['x'.repeat(501)] }, 'suggested_questions', /500/],
    ['a trigger of another type', { triggers: [{ nodeId: 'n', type: 'trigger_cron' as never }] }, 'triggers', /trigger_chat/],
    ['a list as metadata', { metadata: [1] as never }, 'metadata', /object/],
    ['metadata over 16 KiB', { metadata: { blob: 'x'.repeat(AGENT_LIMITS.metadataBytes) } }, 'metadata', /16384 bytes/],
  ])('refuses %s, naming the field by its wire name', (_, fields, field, message) => {
    expect(check(fields)).toEqual({ field, message: expect.stringMatching(message) });
  });

  it('names the first bad field in the order of the definition', () => {
    expect(check({ systemPrompt: 'x'.repeat(AGENT_LIMITS.systemPrompt + 1), slug: 'Bad' })?.field).toBe('slug');
  });
});
