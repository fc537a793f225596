import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ThreadCommand } from '@forkline/domain';
import { ForkRegistry, SqliteEventStore, ThreadForker, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { ALL_PROJECTORS, ProjectionRunner, SqliteReadStore, ThreadHistory } from '@forkline/read-models';
import { EventSourcedCheckpointSaver } from './checkpointer/event-sourced-checkpoint-saver';
import { RunLeases } from './leases/run-leases';
import { RunExecutor, RunExecutorDeps } from './run-executor';

const context = { actor: 'u', correlationId: 'c', causationId: null };

/**
 * For specs: a run executor over in-memory stores, with the projections it reads (start and stop `runner` around the
 * tests). `exec` runs a thread command and waits until the read models hold what it wrote.
 */
export function executorOnMemoryStores(model: BaseChatModel, options: Partial<RunExecutorDeps> = {}) {
  const events = new SqliteEventStore(':memory:');
  const reads = new SqliteReadStore(':memory:');
  const repository = new ThreadRepository(events);
  const lineage = new ThreadLineage(events);
  const forker = new ThreadForker(repository, lineage, new ForkRegistry(events));
  const runner = new ProjectionRunner(events, reads, ALL_PROJECTORS);
  const checkpointer = new EventSourcedCheckpointSaver(events, 'agent', 100, lineage);
  const history = new ThreadHistory(reads);
  const executor = new RunExecutor({
    repository,
    readStore: reads,
    history,
    model,
    checkpointer,
    log: () => undefined,
    leases: new RunLeases(events),
    ...options,
  });
  const exec = async (command: ThreadCommand) => {
    const outcome = await repository.execute(command, context);
    if (outcome.position) await runner.waitFor(outcome.position, 5000);
    return outcome;
  };
  return { events, reads, repository, lineage, forker, runner, checkpointer, history, executor, exec };
}
