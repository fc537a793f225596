import { table } from './table';

/** Read models of apps' annotations (Dify's curated answers). */
export const ANNOTATION_TABLES = {
  /** The annotations not deleted, per app (agent); hit_count counts the queries each answered. */
  annotations: table({
    key: ['annotation_id'],
    columns: {
      annotation_id: 'TEXT',
      agent_id: 'TEXT',
      question: 'TEXT',
      answer: 'TEXT',
      hit_count: 'INTEGER',
      created_at: 'TEXT',
      updated_at: 'TEXT',
    },
    indexes: [['agent_id', 'created_at']],
  }),
};
