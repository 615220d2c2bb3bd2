import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';

export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Moet een heel getal zijn.' })
  @Min(1, { message: 'Moet 1 of meer zijn.' })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Moet een heel getal zijn.' })
  @Min(1, { message: 'Moet 1 of meer zijn.' })
  @Max(1000, { message: 'Hoogstens 1000 per pagina.' })
  perPage?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export const pageBounds = (q: PageQuery) => {
  const perPage = q.perPage ?? 25;
  return { limit: perPage, offset: ((q.page ?? 1) - 1) * perPage };
};

/** List endpoints answer with the page as a JSON array and the total in `X-Total-Count`. */
export function sendPage<T>(res: Response, page: Page<T>): T[] {
  res.setHeader('X-Total-Count', String(page.total));
  return page.items;
}
