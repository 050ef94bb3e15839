// Wording helpers for messages people read.

/** "1 rule", "2 rules", "1 binding", "0 projects". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
