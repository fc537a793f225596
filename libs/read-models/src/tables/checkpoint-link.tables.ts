import { table } from './table';

/** How each thread's checkpoints link to each other: what the LangGraph face pages its thread history from. */
export const CHECKPOINT_LINK_TABLES = {
  /**
   * One row per root-namespace checkpoint of a thread's own checkpoint stream, keyed (and so ordered) by thread and
   * checkpoint id: a page of a thread's checkpoints, newest first, is one range of the key, whatever the thread's length.
   */
  checkpoint_links: table({
    key: ['thread_id', 'checkpoint_id'],
    columns: {
      thread_id: 'TEXT',
      checkpoint_id: 'TEXT',
      /** As saved: in the same thread's stream (a branch's first one names its fork checkpoint). */
      parent_checkpoint_id: 'TEXT NULL',
      /** The thread event number the checkpoint corresponds to. */
      event_number: 'INTEGER NULL',
      /** For a fork's first checkpoint (CheckpointForked): the checkpoint it stands for, and the thread holding it. */
      source_thread_id: 'TEXT NULL',
      source_checkpoint_id: 'TEXT NULL',
    },
    indexes: [],
  }),
};
