// Splits a list into pieces that each fit comfortably in one KVS value (240 KiB on Forge).
const MAX_CHUNK_BYTES = 180 * 1024;

export function chunkBySize<T>(items: T[], maxBytes = MAX_CHUNK_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const item of items) {
    const itemSize = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && size + itemSize > maxBytes) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Splits text into pieces that each, stored as a JSON string, take at most `maxBytes` (quotes
 * and escapes counted); joined in order they give the text back. Never splits a surrogate pair.
 */
export function splitText(text: string, maxBytes = MAX_CHUNK_BYTES): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length;) {
    // Every character stores as at least one byte: start from maxBytes characters and shrink.
    let end = Math.min(text.length, start + maxBytes);
    for (;;) {
      if (end < text.length && end - start > 1 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
      const bytes = Buffer.byteLength(JSON.stringify(text.slice(start, end)));
      if (bytes <= maxBytes) break;
      end = start + Math.max(2, Math.floor(((end - start) * maxBytes) / bytes) - 8);
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
