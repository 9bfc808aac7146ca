/** "1 bill", "2 bills", "0 bills": counts in messages and report headings read as people write them. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
