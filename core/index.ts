export * from './money.ts';
export * from './months.ts';
export * from './tolerance.ts';
export * from './clock.ts';
export * from './totals.ts';
export * from './edi811.ts';
export * from './audit-rules.ts';
