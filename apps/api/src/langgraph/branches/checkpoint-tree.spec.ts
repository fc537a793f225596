import { CheckpointLink } from '@forkline/agent';
import { checkpointTree } from './checkpoint-tree';

const link = (checkpointId: string, parentCheckpointId: string | null, threadEventNumber: number): CheckpointLink => ({
  checkpointId,
  parentCheckpointId,
  threadEventNumber,
});

describe('checkpointTree', () => {
  it("lists every branch's checkpoints newest first, a branch's first one parented by the checkpoint it branched at", async () => {
    const links: Record<string, CheckpointLink[]> = {
      root: [link('01', null, 2), link('02', '01', 5), link('03', '02', 8)],
      // The branch starts at 01 by reference (its fork checkpoint 04), then saves 05.
      branch: [
        { checkpointId: '04', parentCheckpointId: null, threadEventNumber: 2, source: { threadId: 'root', checkpointId: '01' } },
        link('05', '04', 4),
      ],
    };
    const tree = await checkpointTree(['root', 'branch'], [], async (t) => links[t]);
    expect(tree).toEqual([
      { checkpointId: '05', streamThreadId: 'branch', parentId: '01' },
      { checkpointId: '03', streamThreadId: 'root', parentId: '02' },
      { checkpointId: '02', streamThreadId: 'root', parentId: '01' },
      { checkpointId: '01', streamThreadId: 'root', parentId: null },
    ]);
  });

  it("takes a copy's source checkpoints up to the copy point only, ids kept", async () => {
    const links: Record<string, CheckpointLink[]> = {
      source: [link('01', null, 2), link('02', '01', 5), link('09', '02', 8)],
      copy: [
        { checkpointId: '10', parentCheckpointId: null, threadEventNumber: 5, source: { threadId: 'source', checkpointId: '02' } },
        link('11', '10', 7),
      ],
    };
    const tree = await checkpointTree(['copy'], [{ threadId: 'source', upTo: 6 }], async (t) => links[t]);
    expect(tree.map((n) => [n.checkpointId, n.parentId])).toEqual([
      ['11', '02'],
      ['02', '01'],
      ['01', null],
    ]);
  });
});
