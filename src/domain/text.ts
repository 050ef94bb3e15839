// Wording helpers for messages people read.

/** Where a paged read was when it failed: nothing on the first page, "past the first 50" after. */
export function pastFirst(start: number): string {
  return start > 0 ? ` past the first ${start}` : '';
}

/** "1 rule", "2 rules", "1 binding", "0 projects". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
