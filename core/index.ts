export * from './money.ts';
export * from './months.ts';
export * from './tolerance.ts';
export * from './clock.ts';
