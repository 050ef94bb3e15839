// The values a sentence the page words takes (its `{name}` placeholders): names and numbers. One
// schema for what the server sends as codes and values: error words, audit and Health sentences.
import { z } from 'zod';

export const WordValuesSchema = z.record(z.string(), z.union([z.string(), z.number()]));
