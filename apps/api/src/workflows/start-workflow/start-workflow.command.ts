import { Command } from '@nestjs/cqrs';
import { AttachedFile, RunMode } from '@forkline/domain';
import { CommandContext, Position } from '@forkline/event-store';

export interface StartWorkflowResult {
  workflowId: string;
  /** Of the message, the last event appended, so the read models are awaited up to it. */
  position: Position | undefined;
}

/** A file as the client sends it: without an id, one is made up. */
export type FileInput = Omit<AttachedFile, 'id'> & { id?: string };

export interface StartWorkflowOptions {
  mode: RunMode;
  files?: FileInput[];
  metadata?: Record<string, unknown>;
}

/** Sends `input` to the workflow; without `workflowId`, to a new one made for it. */
export class StartWorkflowCommand extends Command<StartWorkflowResult> {
  constructor(
    readonly workflowId: string | undefined,
    readonly input: string,
    readonly context: CommandContext,
    readonly options: StartWorkflowOptions,
  ) {
    super();
  }
}
