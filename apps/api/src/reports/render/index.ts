/**
 * Renderers of the report JSON: HTML (self-contained, inline SVG), PDF (pdfkit, in process) and
 * XLSX (exceljs, one sheet per table). All three read the tables of model.ts, so every format shows
 * the same numbers.
 */
export { renderHtml } from './html';
export { renderPdf } from './pdf';
export { renderXlsx } from './xlsx';
