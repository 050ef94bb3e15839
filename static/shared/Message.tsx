// A message of the catalogue with page elements in its placeholders (a <Time>, a link, a bold
// name), placed where the viewer's language puts them in the sentence. A private-use character
// marks each element's place while the words are filled in.
import { Fragment, type ReactNode } from 'react';

import { type MessageKey, t } from './i18n';

export function Message({ id, values }: { id: MessageKey; values: Record<string, ReactNode> }) {
  const plain: Record<string, string | number> = {};
  const rich = new Map<string, ReactNode>();
  for (const [name, v] of Object.entries(values)) {
    if (typeof v === 'string' || typeof v === 'number') plain[name] = v;
    else {
      const mark = `\uE000${rich.size}\uE000`;
      rich.set(mark, v);
      plain[name] = mark;
    }
  }
  const parts = t(id, plain).split(/(\uE000\d+\uE000)/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>{rich.has(part) ? rich.get(part) : part}</Fragment>
      ))}
    </>
  );
}
