// `npm run build:ui:stale`: builds each Custom UI page whose build is older than its sources
// (scripts/lib/pages.ts); `npm test` starts with it. `npm run build:ui` always builds.
import { buildPageIfStale, PAGES } from './lib/pages';

for (const page of PAGES)
  console.log(
    buildPageIfStale(page) ? `static/${page}: built.` : `static/${page}: build is up to date.`,
  );
