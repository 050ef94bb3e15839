// Keys that sort newest first: KVS lists keys in ascending order, so an id built from an
// inverted timestamp makes "newest first" the natural order of a prefix query.
import { randomUUID } from 'crypto';

const MAX_TIME = 9_999_999_999_999;

export function newestFirstId(now: Date = new Date()): string {
  const inverted = String(MAX_TIME - now.getTime()).padStart(13, '0');
  return `${inverted}-${randomUUID().slice(0, 8)}`;
}

export function newRuleId(): string {
  return `r-${randomUUID().slice(0, 18)}`;
}
