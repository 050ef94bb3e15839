// `npm run lint:forge [-- --app DIR]`: what `forge lint` checks, offline
// (scripts/lib/forge-lint.ts), against the repository's copy of the specs (specs/; SPECS_DIR
// overrides). Exits 1 on any error.
import path from 'path';
import { parseArgs } from 'util';

import { specsDirFromEnv } from '../local/forge-host/scopes';
import { forgeLint } from './lib/forge-lint';

const { values } = parseArgs({
  options: { app: { type: 'string', default: path.resolve(__dirname, '..') } },
});

forgeLint(path.resolve(values.app), specsDirFromEnv(), (l) => console.log(l))
  .then(({ errors }) => process.exit(errors > 0 ? 1 : 0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
