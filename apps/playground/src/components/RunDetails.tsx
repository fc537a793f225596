import { RunView } from '../conversation';

/** A run's steps (Actionplan), tool calls (React), usage and latency. */
export function RunDetails({ run }: { run: RunView }) {
  return (
    <details className="run">
      <summary>
        Run {run.status}
        {run.usage && ` · ${run.usage.inputTokens} in / ${run.usage.outputTokens} out tokens · ${run.usage.latencyMs} ms`}
      </summary>
      {run.error && <p className="error">{run.error}</p>}
      {run.steps.length > 0 && (
        <ol aria-label="Steps">
          {run.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      )}
      {run.tools.length > 0 && (
        <ul aria-label="Tool calls">
          {run.tools.map((t, i) => (
            <li key={i}>
              <code>{t}</code>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
