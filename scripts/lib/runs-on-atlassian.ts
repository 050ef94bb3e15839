// What in a manifest would cost the app Atlassian's *Runs on Atlassian* badge, checked offline
// over the parsed manifest (`npm run lint:forge`). The badge is applied automatically to apps
// that use only Atlassian-hosted compute and storage (data residency follows the site) and send
// no data out; `forge eligibility` asks Atlassian for the deployed version's verdict, whose
// reasons are the Forge CLI's rules: remotes, Connect modules, defined egress, exposed
// credentials, an SQL module that is not data-residency compliant, a web trigger that can
// egress data. This app needs none of them, so each is refused here, saying what was found.

export interface BadgeFinding {
  /** Where in manifest.yml, e.g. `permissions.external.fetch.backend[0]`. */
  where: string;
  /** What is there, quoted from the manifest. */
  found: string;
  /** Why it costs the badge, or (costsBadge false) why it is refused though the badge allows it. */
  why: string;
  costsBadge: boolean;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

const EGRESS_WHY =
  'an egress permission lets the app send data outside Atlassian; Runs on Atlassian allows none ' +
  'except analytics that carry no in-scope end-user data';
const ANALYTICS_WHY =
  'analytics egress without in-scope end-user data (`inScopeEUD: false`, the app’s own claim); ' +
  'this app has no analytics, so any egress needs a decision, and this check changed with it';

function egress(external: unknown): BadgeFinding[] {
  if (!isObj(external)) return [];
  const out: BadgeFinding[] = [];
  const entries = (where: string, list: unknown) =>
    asList(list).forEach((entry, i) => {
      const analytics =
        isObj(entry) && entry.category === 'analytics' && entry.inScopeEUD === false;
      out.push({
        where: `${where}[${i}]`,
        found: show(isObj(entry) ? (entry.address ?? entry.remote ?? entry) : entry),
        why: analytics ? ANALYTICS_WHY : EGRESS_WHY,
        costsBadge: !analytics,
      });
    });
  for (const [kind, value] of Object.entries(external)) {
    const where = `permissions.external.${kind}`;
    if (kind === 'fetch' && isObj(value))
      for (const [side, list] of Object.entries(value)) entries(`${where}.${side}`, list);
    else if (kind === 'configurable') {
      if (isObj(value) && value.enabled === true)
        out.push({
          where: `${where}.enabled`,
          found: 'true',
          why: 'customer-configurable egress lets an admin open egress the badge does not allow',
          costsBadge: true,
        });
    } else entries(where, value);
  }
  return out;
}

function webtriggers(modules: Obj): BadgeFinding[] {
  return asList(modules.webtrigger).map((wt, i) => {
    const key = isObj(wt) ? show(wt.key) : show(wt);
    const response = isObj(wt) && isObj(wt.response) ? wt.response.type : undefined;
    return {
      where: `modules.webtrigger[${i}]`,
      found: `web trigger ${key} (response: ${response === undefined ? 'from the function' : show(response)})`,
      why:
        response === 'static'
          ? 'a static web trigger is a URL anyone who has it can call without signing in to ' +
            'Atlassian; this app has no endpoint outside its resolvers, which check the caller'
          : 'a web trigger whose response the function writes (dynamic, the default) can return ' +
            'the app’s data to whoever calls its URL: that is egress',
      costsBadge: response !== 'static',
    };
  });
}

/** Modules run by a remote service (`endpoint:` in place of `function:`), e.g. a remote resolver. */
function remoteEndpoints(modules: Obj): BadgeFinding[] {
  const out: BadgeFinding[] = [];
  for (const [type, list] of Object.entries(modules))
    asList(list).forEach((m, i) => {
      if (!isObj(m)) return;
      const resolver = isObj(m.resolver) ? m.resolver : {};
      if (type === 'endpoint' || m.endpoint !== undefined || resolver.endpoint !== undefined)
        out.push({
          where: `modules.${type}[${i}]`,
          found:
            type === 'endpoint'
              ? `endpoint ${show(m.key)} (remote ${show(m.remote ?? m.service)})`
              : `${show(m.key)} runs endpoint ${show(m.endpoint ?? resolver.endpoint)}`,
          why: 'a Forge Remote endpoint runs the app’s code off Atlassian, and the badge needs Atlassian-hosted compute',
          costsBadge: true,
        });
    });
  return out;
}

function sql(modules: Obj): BadgeFinding[] {
  return asList(modules.sql).flatMap((m, i) =>
    isObj(m) && m.dareCompliant === true
      ? []
      : [
          {
            where: `modules.sql[${i}]`,
            found: `SQL module ${isObj(m) ? show(m.key) : show(m)} (dareCompliant not true)`,
            why: 'storage that does not follow the site’s data residency (Forge SQL in Preview is not data-residency compliant)',
            costsBadge: true,
          },
        ],
  );
}

/** Everything in `manifest` that would cost Runs on Atlassian; empty when nothing does. */
export function runsOnAtlassianFindings(manifest: unknown): BadgeFinding[] {
  if (!isObj(manifest)) return [];
  const modules = isObj(manifest.modules) ? manifest.modules : {};
  const permissions = isObj(manifest.permissions) ? manifest.permissions : {};
  const out: BadgeFinding[] = [];
  asList(manifest.remotes).forEach((r, i) =>
    out.push({
      where: `remotes[${i}]`,
      found: isObj(r) ? `${show(r.key)} at ${show(r.baseUrl)}` : show(r),
      why:
        'a remote is a service outside Atlassian the app sends data to (to store or compute), ' +
        'where it does not follow the site’s data residency',
      costsBadge: true,
    }),
  );
  if (isObj(manifest.connectModules) && Object.keys(manifest.connectModules).length > 0)
    out.push({
      where: 'connectModules',
      found: Object.keys(manifest.connectModules).join(', '),
      why: 'Connect modules run on the app vendor’s servers, and the badge needs Atlassian-hosted compute',
      costsBadge: true,
    });
  asList(manifest.providers && isObj(manifest.providers) ? manifest.providers.auth : []).forEach(
    (p, i) =>
      out.push({
        where: `providers.auth[${i}]`,
        found: isObj(p) ? show(p.key) : show(p),
        why: 'an external auth provider sends the app’s requests and tokens to a service outside Atlassian: that is egress',
        costsBadge: true,
      }),
  );
  out.push(...egress(permissions.external));
  out.push(...webtriggers(modules));
  out.push(...remoteEndpoints(modules));
  out.push(...sql(modules));
  return out;
}

/** One line per finding, as `lint:forge` prints it. */
export const describeFinding = (f: BadgeFinding) =>
  `manifest.yml ${f.where}: ${f.found}. ` +
  (f.costsBadge
    ? `Costs the Runs on Atlassian badge: ${f.why}.`
    : `Refused though Runs on Atlassian would allow it: ${f.why}.`);
