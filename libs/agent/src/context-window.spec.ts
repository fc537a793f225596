import { fitContext } from './context-window';

describe('fitContext', () => {
  const m = (role: string, content: string) => ({ role, content });

  it('keeps the newest messages that fit in the character budget, in order', () => {
    const messages = [m('user', 'aaaa'), m('assistant', 'bbbb'), m('user', 'cc'), m('assistant', 'dd'), m('user', 'e')];
    expect(fitContext(messages, 100)).toEqual(messages);
    expect(fitContext(messages, 5).map((x) => x.content)).toEqual(['cc', 'dd', 'e']);
    expect(fitContext(messages, 8).map((x) => x.content)).toEqual(['cc', 'dd', 'e']); // 'bbbb' would make 9
    expect(fitContext(messages, 9).map((x) => x.content)).toEqual(['bbbb', 'cc', 'dd', 'e']);
  });

  it('always sends the message being answered, cut to the budget when it alone is longer', () => {
    expect(fitContext([m('user', 'old'), m('user', 'x'.repeat(50))], 10)).toEqual([m('user', 'x'.repeat(10))]);
    expect(fitContext([], 10)).toEqual([]);
  });
});
