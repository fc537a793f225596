import { defaultAgentId } from './agent-events';
import { deterministicId, runIdFor } from './deterministic-id';

describe('deterministic ids', () => {
  it('gives the same v5-style uuid for a name as when the data was written (stored ids stay valid)', () => {
    expect(defaultAgentId('u1')).toBe('08b506df-5855-5d93-8b8c-ce3adae1ad26');
    expect(defaultAgentId('alice')).toBe('d0cab87d-8eba-5d40-ae1c-777969fc648c');
    expect(deterministicId('default-agent:u1')).toBe(defaultAgentId('u1'));
    expect(defaultAgentId('u2')).not.toBe(defaultAgentId('u1'));
  });

  it('names a run by its thread and message, as runs were named before the helper existed', () => {
    expect(runIdFor('t1', 'm1')).toBe('e26a3a0d-5cf7-5792-aac1-2bb87f8697f1');
    expect(runIdFor('t2', 'm1')).not.toBe(runIdFor('t1', 'm1'));
  });
});
