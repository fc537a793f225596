import { table } from './table';

/** Read models of the LangGraph Platform face (/langgraph). */
export const LANGGRAPH_TABLES = {
  /**
   * One row per Forkline thread: its LangGraph metadata, and whether it is a branch fork inside another LangGraph thread
   * (`branch_of`). A LangGraph thread is a row with `branch_of` ''; its branches are found by one indexed query (with its owner).
   */
  langgraph_threads: table({
    key: ['thread_id'],
    columns: {
      thread_id: 'TEXT',
      owner_id: 'TEXT',
      /** The LangGraph thread this fork is a branch of; '' for a LangGraph thread of its own (queries compare by equality). */
      branch_of: 'TEXT',
      /** The checkpoint of that thread the branch starts at. */
      branch_checkpoint_id: 'TEXT NULL',
      /** JSON object. */
      metadata: 'TEXT',
      created_at: 'TEXT',
      /** When its metadata or conversation last changed (a message, an answer). */
      updated_at: 'TEXT',
    },
    // Both queries name the owner (its threads; a thread's branches): one index serves them.
    indexes: [['owner_id', 'branch_of', 'created_at']],
  }),
};
