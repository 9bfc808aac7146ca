// "Share with carriers": the discrepancy report as one file per carrier. On the desktop and the command line
// the files are written into a folder the user chose; in the browser (HTTP door) a page cannot name a folder
// on the machine serving it, so the same files come back as one zip to download.
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { zipSync } from 'fflate';
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import type { Input, Output } from '../handlers/index.ts';
import { discrepancies, discrepancyLayout } from './discrepancies.ts';
import { assertMayView, writeLayout } from './registry.ts';
import { safeFileName } from './layout.ts';

export async function shareWithCarriers(ctx: Ctx, input: Input<'reports.shareWithCarriers'>): Promise<Output<'reports.shareWithCarriers'>> {
  const { format, folder, ...filter } = input;
  assertMayView(ctx, 'reports.discrepancies');
  if (folder !== undefined) {
    if (ctx.door === 'http') {
      throw new ApiError('invalid_input', 'reports.shareWithCarriers: a folder cannot be chosen from a browser; leave folder out to get one zip of the files');
    }
    if (!isAbsolute(folder)) throw new ApiError('invalid_input', `reports.shareWithCarriers: folder "${folder}" is not an absolute path`);
  }
  const all = discrepancies(ctx, filter);
  const used = new Set<string>();
  const files: { carrier: string; file_name: string; bills: number; bytes: Uint8Array }[] = [];
  for (const c of all.carriers) {
    const one = { ...filter, carrier: undefined, carrier_id: c.carrier_id };
    const layout = discrepancyLayout(ctx, one);
    let stem = safeFileName(`Discrepancy report ${filter.month} - ${c.carrier}`);
    // Two carriers whose names clean up to the same file name must not overwrite each other.
    for (let n = 2; used.has(stem.toLowerCase()); n++) stem = safeFileName(`Discrepancy report ${filter.month} - ${c.carrier} (${n})`);
    used.add(stem.toLowerCase());
    const f = await writeLayout(ctx, layout, format, stem);
    files.push({ carrier: c.carrier, file_name: f.file_name, bills: c.bills, bytes: f.bytes });
  }
  if (folder !== undefined) {
    try {
      mkdirSync(folder, { recursive: true });
      for (const f of files) writeFileSync(join(folder, f.file_name), f.bytes);
    } catch (e) {
      throw new ApiError('invalid_input', `reports.shareWithCarriers: cannot write into folder "${folder}": ${(e as Error).message}`);
    }
    return { files: files.map((f) => ({ carrier: f.carrier, file_name: f.file_name, bills: f.bills, path: join(folder, f.file_name) })), zip: null };
  }
  const zip: Uint8Array<ArrayBuffer> = new Uint8Array(zipSync(Object.fromEntries(files.map((f) => [f.file_name, f.bytes])), { level: format === 'csv' ? 6 : 0 }));
  return {
    files: files.map((f) => ({ carrier: f.carrier, file_name: f.file_name, bills: f.bills, path: null })),
    zip: { file_name: `${safeFileName(`Discrepancy reports ${filter.month} by carrier`)}.zip`, content_type: 'application/zip', bytes: zip },
  };
}

