// Handlers of the bills area (issue 8): profiles, preview and import runs, bills on file, the month's flags.
import type { Ctx } from '../context.ts';
import { listProfiles, getProfile, createProfile, updateProfile, retireProfile } from '../bills/profile.ts';
import { previewBills, startImport, stepImport, getRun, importBills } from '../bills/run.ts';
import { listBills, compareBill, retireBills } from '../bills/records.ts';
import { monthFlags } from '../bills/flags.ts';

export { listProfiles, getProfile, createProfile, updateProfile, retireProfile, previewBills, startImport, stepImport, getRun, importBills, listBills, compareBill, retireBills, monthFlags };

/** The Oxford City Council telecom spend as bill history, through the built-in "oxford" profile. */
export const loadOxford = (ctx: Ctx, input: { file_name: string; data: Uint8Array }) => importBills(ctx, { profile: 'oxford', ...input });
