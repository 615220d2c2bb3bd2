import { Box, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import type { ReactNode } from 'react';
import { num } from '../format';

/** A figure as a report holds it: a number, or `<5` (or `×`) in the reviewer's view. */
export type Shown = number | string | null | undefined;
/** A count as the report holds it: a number, or the reviewer's marker as it is. */
export const shown = (v: Shown) => (typeof v === 'string' ? v : num(v ?? null));
/** A list the reviewer's view may have replaced by a marker as a whole: then empty. */
export const arr = <T,>(v: readonly T[] | string | null | undefined): readonly T[] => (Array.isArray(v) ? v : []);

/** A small table of a report's figures: the first column names the row, the others are numbers. */
export function FiguresTable({ label, head, rows }: { label: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <Box sx={{ overflowX: 'auto', my: 1 }}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            {head.map((h, i) => (
              <TableCell key={h} align={i === 0 ? 'left' : 'right'}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <TableCell key={j} component="th" scope="row">
                    {c}
                  </TableCell>
                ) : (
                  <TableCell key={j} align="right">
                    {c}
                  </TableCell>
                ),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
