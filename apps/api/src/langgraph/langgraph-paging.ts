import type { Response } from 'express';

/** LangGraph's paging headers: the total, and the next offset while the page was full. */
export function setPagination(response: Response, total: number, offset: number, limit: number, returned: number): void {
  response.setHeader('X-Pagination-Total', String(total));
  if (returned === limit && offset + limit < total) response.setHeader('X-Pagination-Next', String(offset + limit));
}
