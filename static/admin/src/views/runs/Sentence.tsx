// A translated sentence with parts that are elements, not text (a <Time>, a name in bold): the
// catalogue keeps the whole sentence and its word order; `{name}` placeholders left unfilled by
// t() are replaced here by the matching element.
import { Fragment, type ReactNode } from 'react';

export function Sentence({ text, parts }: { text: string; parts: Record<string, ReactNode> }) {
  const pieces = text.split(/(\{\w+\})/);
  return (
    <>
      {pieces.map((piece, i) => {
        const name = /^\{(\w+)\}$/.exec(piece)?.[1];
        return <Fragment key={i}>{name && name in parts ? parts[name] : piece}</Fragment>;
      })}
    </>
  );
}
