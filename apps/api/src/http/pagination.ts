import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { IsId } from './id.pipe';

const NEXT = 'when more items exist, the answer carries a `Link: <url>; rel="next"` header (RFC 8288) for the next page';

/**
 * `?limit=`: optional, so a list asked without it answers whole, as the seeds' clients expect. Decorators run from the
 * property up and the pipe stops at the first failure: the integer check sits nearest, so `abc` is "must be an integer"
 * rather than out of range; the messages leave the field out, which the pipe puts in front.
 */
export class PageLimit {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: `At most this many items (1-1000; default all); ${NEXT}` })
  @IsOptional()
  @Type(() => Number)
  @Max(1000, { message: 'must not be greater than 1000' })
  @Min(1, { message: 'must not be less than 1' })
  @IsInt({ message: 'must be an integer' })
  limit?: number;
}

/** A page of a list keyed by thread id. */
export class PageAfterThread extends PageLimit {
  @ApiPropertyOptional({ description: 'Only the items after the one with this thread_id (the last of the previous page)' })
  @IsOptional()
  @IsId()
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page (the last item's key) when more items exist. */
  next?: string | number;
}

/** The items after the one keyed `after` (400 when none is), at most `limit` of them. */
export function pageOf<T>(items: T[], keyOf: (item: T) => string, page: PageAfterThread): Page<T> {
  let start = 0;
  if (page.after !== undefined) {
    start = items.findIndex((i) => keyOf(i) === page.after) + 1;
    if (start === 0) throw new BadRequestException(`after: no item '${page.after}' in this list`);
  }
  const end = page.limit === undefined ? items.length : start + page.limit;
  const taken = items.slice(start, end);
  return { items: taken, next: end < items.length && taken.length > 0 ? keyOf(taken[taken.length - 1]) : undefined };
}

/**
 * For routes answering a `Page`: the page's items are the body, and its next page is a Link header (the
 * request's own URL with `after` moved on), so list routes keep the seeds' plain-array shape.
 */
@Injectable()
export class PagedResponse implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<Page<unknown>>): Observable<unknown[]> {
    const http = context.switchToHttp();
    return next.handle().pipe(map((page) => sendPage(http.getRequest<Request>(), http.getResponse<Response>(), page)));
  }
}

function sendPage<T>(request: Request, response: Response, page: Page<T>): T[] {
  if (page.next !== undefined) {
    const url = new URL(request.originalUrl, 'http://localhost');
    url.searchParams.set('after', String(page.next));
    response.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return page.items;
}
