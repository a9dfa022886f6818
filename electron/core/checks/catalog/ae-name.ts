import { message, orUnknown } from '../../db/sql-dialect';

/** How a message names an AE: its sequence number and verbatim term (`AE 3 (neutropenia)`). */
export const aeName = (a: string): string =>
  message('ae', { seq: orUnknown(`${a}.AESEQ`), term: `coalesce(${a}.AETERM, '')` });
