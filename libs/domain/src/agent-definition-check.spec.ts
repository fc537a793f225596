import { AgentDefinition, defaultAgentDefinition } from './agent-events';
import { AGENT_LIMITS, checkAgentDefinition } from './agent-definition-check';
import { ConversationVariableDeclaration, valueTypeMismatch } from './conversation-variables';

const variable = (changes: Partial<ConversationVariableDeclaration> = {}): ConversationVariableDeclaration => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'count',
  valueType: 'number',
  value: 0,
  description: '',
  ...changes,
});

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
    ['a setting without enabled', { suggestedQuestionsAfterAnswer: {} as never }, 'suggested_questions_after_answer', /enabled/],
    ['a variable id that is no uuid', { conversationVariables: [variable({ id: 'v1' })] }, 'conversation_variables', /item 0: id/],
    ['a variable name with a space', { conversationVariables: [variable({ name: 'my var' })] }, 'conversation_variables', /item 0: name/],
    [
      'an unknown value type',
      { conversationVariables: [variable({ valueType: 'file' as never })] },
      'conversation_variables',
      /value_type/,
    ],
    [
      'a default of the wrong type',
      { conversationVariables: [variable({ value: '3' })] },
      'conversation_variables',
      /expected number, got string/,
    ],
    [
      'a name declared twice',
      { conversationVariables: [variable(), variable({ id: '00000000-0000-4000-8000-000000000002' })] },
      'conversation_variables',
      /item 1: name 'count' is declared twice/,
    ],
  ])('refuses %s, naming the field by its wire name', (_, fields, field, message) => {
    expect(check(fields)).toEqual({ field, message: expect.stringMatching(message) });
  });

  it('names the first bad field in the order of the definition', () => {
    expect(check({ systemPrompt: 'x'.repeat(AGENT_LIMITS.systemPrompt + 1), slug: 'Bad' })?.field).toBe('slug');
  });

  it('types variable values as Dify does, naming what it got', () => {
    expect(valueTypeMismatch('number', 2.5)).toBeNull();
    expect(valueTypeMismatch('string', 3)).toBe('expected string, got integer');
    expect(valueTypeMismatch('object', [])).toBe('expected object, got array');
    expect(valueTypeMismatch('array[string]', ['a', 'b'])).toBeNull();
    expect(valueTypeMismatch('array[number]', [1, 'b'])).toBe('expected array[number], got array with an item that is not number');
    expect(valueTypeMismatch('array[any]', [1, 'b', null])).toBeNull();
    expect(valueTypeMismatch('boolean', null)).toBe('expected boolean, got null');
  });
});
