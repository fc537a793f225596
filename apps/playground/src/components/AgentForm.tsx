import { FormEvent, useEffect, useState } from 'react';
import { Agent, AgentFields, Api } from '../api';
import { agentHref } from '../route';

const TOOLS = ['current_time', 'calculator', 'lookup_documents'];
const blank: AgentFields = { name: '', mode: 'chat', model: null, system_prompt: null, tools: null };

/** Creates an agent (agentId null) or edits one: name, mode, model, system prompt, tools. */
export function AgentForm({ api, agentId: shown, onSaved }: { api: Api; agentId: string | null; onSaved: () => void }) {
  // Once created, the form edits the new agent (the URL follows without remounting the form).
  const [agentId, setAgentId] = useState(shown);
  const [slug, setSlug] = useState('');
  const [fields, setFields] = useState<AgentFields>(blank);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (agentId === null) return;
    api
      .agents()
      .then((all) => {
        const a = all.find((x: Agent) => x.agent_id === agentId);
        if (!a) return setError(`No agent ${agentId}`);
        setSlug(a.slug);
        setFields({ name: a.name, mode: a.mode, model: a.model, system_prompt: a.system_prompt, tools: a.tools });
      })
      .catch((e: Error) => setError(e.message));
  }, [api, agentId]);

  const set = (patch: Partial<AgentFields>) => setFields((f) => ({ ...f, ...patch }));
  const toggleTool = (tool: string, on: boolean) => {
    const current = fields.tools ?? TOOLS;
    set({ tools: on ? [...current, tool] : current.filter((t) => t !== tool) });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const saved = agentId === null ? await api.createAgent(slug, fields) : await api.updateAgent(agentId, fields);
      setStatus(`Saved ${saved.name} (version ${saved.version})`);
      onSaved();
      if (agentId === null) {
        setAgentId(saved.agent_id);
        history.replaceState(null, '', agentHref(saved.agent_id));
      }
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <form className="agent-form" onSubmit={submit} aria-labelledby="agent-form-title">
      <h2 id="agent-form-title">{agentId === null ? 'Create an agent' : `Edit agent ${slug}`}</h2>
      <label htmlFor="agent-slug">Slug</label>
      <input id="agent-slug" value={slug} disabled={agentId !== null} onChange={(e) => setSlug(e.target.value)} required />
      <label htmlFor="agent-name">Name</label>
      <input id="agent-name" value={fields.name} onChange={(e) => set({ name: e.target.value })} required />
      <label htmlFor="agent-mode">Mode</label>
      <select id="agent-mode" value={fields.mode} onChange={(e) => set({ mode: e.target.value as AgentFields['mode'] })}>
        <option value="chat">chat</option>
        <option value="actionplan">actionplan</option>
        <option value="react">react</option>
      </select>
      <label htmlFor="agent-model">Model (empty: the server&apos;s)</label>
      <input id="agent-model" value={fields.model ?? ''} onChange={(e) => set({ model: e.target.value || null })} />
      <label htmlFor="agent-prompt">System prompt</label>
      <textarea
        id="agent-prompt"
        rows={4}
        value={fields.system_prompt ?? ''}
        onChange={(e) => set({ system_prompt: e.target.value || null })}
      />
      <fieldset>
        <legend>Tools (react mode)</legend>
        {TOOLS.map((tool) => (
          <label key={tool} className="inline">
            <input type="checkbox" checked={(fields.tools ?? TOOLS).includes(tool)} onChange={(e) => toggleTool(tool, e.target.checked)} />
            {tool}
          </label>
        ))}
      </fieldset>
      <button type="submit">{agentId === null ? 'Create' : 'Save'}</button>
      {status && <p role="status">{status}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
