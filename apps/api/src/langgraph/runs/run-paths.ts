import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../../http/api-docs';
import { StreamMode } from './run-frames';
import { RunPaths } from './run-sse';

/**
 * A run's paths as the SDK follows them: relative to the API root (the SDK prefixes its apiUrl, `.../langgraph`); the
 * stream's keeps the stream modes, as a reconnect sends no body.
 */
export function runPaths(threadId: string | null, runId: string, modes: StreamMode[]): RunPaths {
  const run = threadId === null ? `/runs/${runId}` : `/threads/${encodeURIComponent(threadId)}/runs/${runId}`;
  if (threadId === null) return { run };
  return { run, stream: `${run}/stream?${modes.map((m) => `stream_mode=${encodeURIComponent(m)}`).join('&')}` };
}

export const FRAMES_DOC =
  'Server-sent events as the LangGraph SDK reads them: `event:` metadata first (`{run_id, thread_id, attempt}`), then by ' +
  'stream_mode `values` (the state `{messages}`), `messages` (`[AIMessageChunk, metadata]` tuples under the answer id), ' +
  '`messages/metadata|partial|complete`, `updates`, `events`; `error` (`{error, message}`) when the run fails. Each frame has ' +
  'an `id:` (0, 1, ...): send the last one back as Last-Event-ID to resume after it (-1: from the start). `: heartbeat` ' +
  'comments every SSE_HEARTBEAT_MS. Headers: Content-Location (the run) and Location (this stream, to reconnect to).';

export const RunStreamDocs = () =>
  applyDecorators(
    ApiProduces('text/event-stream'),
    ApiResponse({ status: 200, description: FRAMES_DOC, content: { 'text/event-stream': { schema: { type: 'string' } } } }),
  );

export const ApiUnprocessable = () =>
  ApiResponse({ status: 422, description: 'a run this face cannot start (e.g. an input that is not one human message)', type: ErrorBody });

export const LastEventIdHeader = () =>
  ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last frame received: resume after it (-1: from the start)',
  });

export const truthy = (flag: string | undefined) => flag === '1' || flag === 'true';
