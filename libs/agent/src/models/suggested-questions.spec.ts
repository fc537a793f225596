import { OfflineChatModel } from './offline-chat-model';
import { parseSuggestions, suggestionPrompt, suggestQuestions } from './suggested-questions';

describe('suggested questions', () => {
  it('reads the first JSON array of a reply, at most three non-empty questions, and nothing from a reply without one', () => {
    expect(parseSuggestions('Sure! ["A?", " B? ", "", 4, "C?", "D?"] and [1]')).toEqual(['A?', 'B?', 'C?']);
    expect(parseSuggestions('I would ask: what next?')).toEqual([]);
    expect(parseSuggestions('[not json]')).toEqual([]);
  });

  it('sends the latest three exchanges and the instruction', () => {
    const prompt = suggestionPrompt([1, 2, 3, 4].map((n) => ({ query: `q${n}`, answer: `a${n}` })));
    expect(prompt).not.toContain('q1');
    expect(prompt).toMatch(/^Human: q2\nAssistant: a2\nHuman: q3\nAssistant: a3\nHuman: q4\nAssistant: a4\n\nPlease help me/);
  });

  it('gets three deterministic questions about the latest question from the offline model', async () => {
    const exchanges = [
      { query: 'What is a fork?', answer: 'A copy.' },
      { query: 'How do I rebase?', answer: 'Carefully.' },
    ];
    const questions = await suggestQuestions(new OfflineChatModel(), exchanges);
    expect(questions).toEqual([
      'Can you tell me more about "How do I rebase?"?',
      'Why does "How do I rebase?" matter?',
      'What is an example of "How do I rebase?"?',
    ]);
    expect(await suggestQuestions(new OfflineChatModel(), exchanges)).toEqual(questions);
  });
});
