import { parse } from 'csv-parse/sync'

/** The cells of a CSV text (RFC 4180), as a spreadsheet reads them: csv-parse, rows of any width, a byte-order mark kept in the first cell. */
export const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: true, bom: false }) as string[][]
