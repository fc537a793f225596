import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { WorkflowListQuery } from '../workflow-chat/queries/workflow-out.dto';
import { PageAfterThread, PageLimit } from './pagination';
import { validationPipe } from './validation.pipe';

const detail = async (type: ArgumentMetadata['metatype'], query: Record<string, string>) => {
  try {
    await validationPipe.transform(query, { type: 'query', metatype: type });
    return 'valid';
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
};

describe('PageLimit', () => {
  it.each([PageLimit, PageAfterThread, WorkflowListQuery])(
    '%p: a limit that is no integer is said to be one, the field named once',
    async (type) => {
      expect(await detail(type, { limit: 'abc' })).toBe('limit: must be an integer');
      expect(await detail(type, { limit: '2.5' })).toBe('limit: must be an integer');
      expect(await detail(type, { limit: '0' })).toBe('limit: must not be less than 1');
      expect(await detail(type, { limit: '1001' })).toBe('limit: must not be greater than 1000');
      expect(await detail(type, { limit: '1000' })).toBe('valid');
    },
  );

  it('keeps the offset of Pipelit paging', async () => {
    expect(await detail(WorkflowListQuery, { offset: '-1' })).toBe('offset: must not be less than 0');
    expect(await detail(WorkflowListQuery, { offset: 'x' })).toBe('offset: must be an integer');
  });
});
