// A run's context too large for one KVS value is stored as pieces of its JSON text: each piece,
// stored, fits the size given (escapes and multi-byte characters counted), and the pieces joined
// give the text back, emoji (surrogate pairs) included.
import { splitText } from '../../../src/store/chunks';

const stored = (piece: string) => Buffer.byteLength(JSON.stringify({ text: piece }));

it.each([
  ['quotes and backslashes', '{"keys":["A\\\\B","C"]}'.repeat(400)],
  ['accents and CJK', 'Équipe 顧客 Ünterstützung '.repeat(300)],
  ['emoji', 'Support 🎧 team 👩‍💻 '.repeat(300)],
])('%s: every piece fits, and the pieces give the text back', (_, text) => {
  const max = 1024;
  const pieces = splitText(text, max);
  expect(pieces.length).toBeGreaterThan(1);
  for (const p of pieces) expect(stored(p)).toBeLessThanOrEqual(max + '{"text":}'.length);
  expect(pieces.join('')).toBe(text);
  // No piece ends between the two halves of an emoji: each stores as valid UTF-8 on its own.
  for (const p of pieces) expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
});
