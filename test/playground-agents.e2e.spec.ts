import { FakeOpenAi, startFakeOpenAi, USAGE_PER_CALL } from './support/fake-openai-server';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

/** Both graphs against a scripted provider that plans and calls tools, through ChatOpenAI and HTTP. */
describe('Actionplan and React agents with a scripted model', () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const finished = (id: string) =>
    eventually(
      () => api('GET', `/api/workflows/${id}/status`),
      (r) => r.body.status !== 'running',
    );

  beforeAll(async () => {
    fake = await startFakeOpenAi((messages, body) => {
      const system = String(messages.find((m) => m.role === 'system')?.content ?? '');
      const last = messages[messages.length - 1];
      if (system.includes('You plan before acting')) return '1. Gather the numbers\n2. Add them up';
      if (String(last.content).startsWith('Carry out step')) return `done: ${String(last.content).split(': ').pop()}`;
      if (String(last.content).startsWith('Write the final answer')) return 'The total is 42.';
      if (body.tools && last.role === 'user') {
        return {
          toolCalls: [
            { name: 'calculator', args: { expression: '6*7' } },
            { name: 'lookup_documents', args: { query: 'revenue' } },
            { name: 'no_such_tool', args: {} },
          ],
        };
      }
      if (last.role === 'tool')
        return `Answer: ${messages
          .filter((m) => m.role === 'tool')
          .map((m) => m.content)
          .join(' | ')}`;
      return 'plain answer';
    });
    t = await startTestApp({ MODEL: 'openai:gpt-scripted', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('Actionplan plans, executes each step, answers, and logs every step with progress', async () => {
    const started = await api('POST', '/api/chat/playground/start?workflowMode=Actionplan', { input: 'Add up the quarterly numbers' });
    expect(started.body).toMatchObject({ status: 'running', mode: 'Actionplan' });
    const status = await finished(started.body.id);
    expect(status.body).toMatchObject({ status: 'completed', currentStep: 'done', progress: 100 });

    const logs = (await api('GET', `/api/workflows/${started.body.id}/logs`)).body;
    expect(logs.map((l: any) => [l.step, l.progress])).toEqual([
      ['planning', 5],
      ['planned', 10],
      ['step 1/2: Gather the numbers', 10],
      ['step 2/2: Add them up', 50],
      ['answering', 90],
    ]);
    expect(logs[1].message).toBe('plan: 1. Gather the numbers 2. Add them up');

    const data = (await api('GET', `/api/chat/playground/${started.body.id}/chatData`)).body;
    expect(data.messages.map((m: any) => [m.role, m.content])).toEqual([
      ['user', 'Add up the quarterly numbers'],
      ['assistant', 'The total is 42.'],
    ]);
    // four model calls (plan, two steps, answer), usage as the provider reported it
    expect(data.stats).toEqual([
      expect.objectContaining({
        mode: 'Actionplan',
        inputTokens: 4 * USAGE_PER_CALL.prompt_tokens,
        outputTokens: 4 * USAGE_PER_CALL.completion_tokens,
        totalTokens: 4 * USAGE_PER_CALL.total_tokens,
      }),
    ]);
    expect(data.stats[0].latencyMs).toEqual(expect.any(Number));
  });

  it('React calls tools (calculator, document lookup), logs each call and error, and answers from the results', async () => {
    const started = await api('POST', '/api/chat/playground/start?workflowMode=React', {
      input: 'What is 6*7, and how did revenue do?',
      files: [{ id: 'report', name: 'report.txt', content: 'Q4 revenue grew 12% to 1.5M\nHeadcount stayed flat' }],
    });
    expect(started.body.mode).toBe('React');
    expect((await finished(started.body.id)).body.status).toBe('completed');

    const messages = (await api('GET', `/api/workflows/${started.body.id}/messages`)).body;
    expect(messages[1].content).toBe("Answer: 42 | [report.txt] Q4 revenue grew 12% to 1.5M | error: no tool named 'no_such_tool'");
    const logs = (await api('GET', `/api/workflows/${started.body.id}/logs`)).body;
    expect(logs.map((l: any) => [l.level, l.message])).toEqual([
      ['info', 'round 1: calling calculator, lookup_documents, no_such_tool'],
      ['info', 'tool calculator({"expression":"6*7"}) -> 42'],
      ['info', 'tool lookup_documents({"query":"revenue"}) -> [report.txt] Q4 revenue grew 12% to 1.5M'],
      ['error', "tool no_such_tool({}) failed: no tool named 'no_such_tool'"],
    ]);
    const toolRequest = fake.requests.find((r) => r.body.tools && r.body.messages.some((m: any) => m.role === 'tool'));
    expect(toolRequest!.body.tools.map((x: any) => x.function.name)).toEqual(['current_time', 'calculator', 'lookup_documents']);
  });
});
