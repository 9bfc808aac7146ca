export interface Io {
  out(s: string): void;
  err(s: string): void;
}

export class UsageError extends Error {}

/** `--map customer=applicant_name,account=frn` as { customer: 'applicant_name', account: 'frn' }. */
export function parseMap(spec: string | undefined): Record<string, string> | undefined {
  if (!spec) return undefined;
  const map: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map takes field=header pairs separated by commas, not "${part}"`);
    map[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return map;
}
