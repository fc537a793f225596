import { MessageView, RowOf, ThreadView } from '@forkline/read-models';

/** Unix time in seconds (float), as the playground API speaks it. */
const seconds = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) / 1000 : null);

const MODE_NAMES: Record<string, string> = { actionplan: 'Actionplan', react: 'React', chat: 'Chat' };

export function chatWorkflow(thread: ThreadView, workflow: RowOf<'workflows'> | undefined, messageIds: string[], logIds: string[]) {
  const pending = workflow?.pending ?? 0;
  return {
    id: thread.thread_id,
    userId: thread.owner_id,
    name: workflow?.name ?? null,
    description: workflow?.description ?? null,
    tags: JSON.parse(workflow?.tags ?? '[]') as string[],
    status: pending > 0 ? 'running' : (workflow?.outcome ?? 'idle'),
    mode: MODE_NAMES[workflow?.mode ?? ''] ?? 'Chat',
    currentStep: workflow?.current_step ?? null,
    progress: workflow?.progress ?? 0,
    messageIds,
    logIds,
    parentWorkflowId: thread.parent_thread_id,
    eventNumber: thread.event_number,
    createdAt: seconds(thread.created_at),
    updatedAt: seconds(workflow?.updated_at) ?? seconds(thread.created_at),
    stoppedAt: seconds(workflow?.stopped_at),
  };
}

export type ChatWorkflow = ReturnType<typeof chatWorkflow>;

export const workflowStatus = (w: ChatWorkflow) => ({
  id: w.id,
  status: w.status,
  currentStep: w.currentStep,
  progress: w.progress,
  updatedAt: w.updatedAt,
});

export function chatMessage(workflowId: string, m: MessageView, files: RowOf<'documents'>[]) {
  const at = seconds(m.created_at);
  return {
    id: m.message_id,
    workflowId,
    role: m.role,
    content: m.content,
    timestamp: at,
    files: files.map(chatFile),
    metadata: m.metadata ? JSON.parse(m.metadata) : null,
    stopped: m.stopped === 1,
    eventNumber: m.event_number,
    _createdAt: at,
  };
}

const chatFile = (d: RowOf<'documents'>) => ({ id: d.document_id, name: d.name, mimeType: d.mime_type, url: d.url, size: d.size });

export const chatDocument = (workflowId: string, d: RowOf<'documents'>) => ({
  ...chatFile(d),
  workflowId,
  messageId: d.message_id,
  hasContent: d.has_content === 1,
  _createdAt: seconds(d.created_at),
});

export function chatLog(workflowId: string, l: RowOf<'logs'>) {
  const at = seconds(l.created_at);
  return {
    id: l.log_id,
    workflowId,
    runId: l.run_id,
    level: l.level,
    message: l.message,
    step: l.step,
    progress: l.progress,
    timestamp: at,
    _createdAt: at,
  };
}

export function chatStat(workflowId: string, s: RowOf<'stats'>) {
  const input = s.input_tokens;
  const output = s.output_tokens;
  return {
    id: s.stat_id,
    workflowId,
    runId: s.run_id,
    mode: MODE_NAMES[s.mode] ?? s.mode,
    latencyMs: s.latency_ms,
    inputTokens: input,
    outputTokens: output,
    totalTokens: input + output,
    _createdAt: seconds(s.created_at),
  };
}
