import { createReadStream } from 'fs';
import { createInterface } from 'readline';
import { threadStreamId } from '@forkline/domain';
import { ThreadLineage } from '@forkline/event-store';
import { CliContext, UsageError } from '../cli-context';
import { ExportedEvent, fromJsonLine, toJsonLine } from '../event-format';
import { checkEventData } from '../event-schema';
import { importBatches } from '../import-batches';
import { checkImport } from '../import-check';

/** `threads export <thread_id> [--lineage]` (JSONL on stdout) and `threads import <file> [--owner <id>]` (checked, idempotent). */
export async function threadsCommand(ctx: CliContext, args: string[], flags: Record<string, string | boolean | undefined>): Promise<void> {
  const [sub, target] = args;
  const { eventStore } = ctx.backends;
  if (sub === 'export') {
    if (!target) throw new UsageError('threads export needs a thread id');
    const own = await eventStore.readStream(threadStreamId(target));
    if (own.length === 0) throw new UsageError(`thread '${target}' not found`);
    // With --lineage, the sources' events up to each fork point come first, so the file stands alone.
    const events = flags.lineage ? await new ThreadLineage(eventStore).recordsUpTo(target, Number.MAX_SAFE_INTEGER) : own;
    for (const e of events) ctx.out(toJsonLine(e));
    return;
  }
  if (sub !== 'import') throw new UsageError("threads: use 'export <thread_id> [--lineage]' or 'import <file> [--owner <id>]'");
  if (!target) throw new UsageError('threads import needs a file (JSONL written by threads export)');
  let written = 0;
  let lineNumber = 0;
  const streams = new Map<string, ExportedEvent[]>();
  for await (const line of createInterface({ input: createReadStream(target) })) {
    lineNumber++;
    if (line.trim() === '') continue;
    const e = fromJsonLine(line, lineNumber);
    checkEventData(e, lineNumber);
    const stream = streams.get(e.streamId) ?? [];
    stream.push(e);
    streams.set(e.streamId, stream);
  }
  await checkImport(eventStore, streams, typeof flags.owner === 'string' ? flags.owner : undefined);
  // Split before writing anything, so an event no append can carry leaves the store untouched.
  const plans = [...streams].map(([streamId, events]) => [streamId, importBatches(events, ctx.config.maxAppendSize)] as const);
  // Same ids at the same revisions: a second import of the same file writes nothing (the head stays).
  let head = await eventStore.headPosition();
  for (const [streamId, batches] of plans) {
    for (const { expected, events } of batches) {
      await eventStore.append(streamId, events, expected);
      const after = await eventStore.headPosition();
      if (after !== head) written += events.length;
      head = after;
    }
  }
  ctx.err(`imported ${lineNumber} event line(s) into ${streams.size} stream(s); ${written} new, ${lineNumber - written} already there`);
}
