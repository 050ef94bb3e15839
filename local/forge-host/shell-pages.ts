// Pages that frame the app's Custom UI the way Jira does: a top bar, a sidebar with the app
// under "Apps", and the app in an iframe, with a "View as" picker so one can see what a site
// admin, a project admin or an agent sees. Colours and type follow Atlassian design tokens.

export interface ShellUser {
  accountId: string;
  displayName: string;
  emailAddress?: string;
}
export interface ShellProject {
  key: string;
  name: string;
  projectTypeKey?: string;
}

const esc = (s: string | number | undefined | null) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `
:root { --ds-text:#172B4D; --ds-text-subtle:#44546F; --ds-link:#0C66E4; --ds-surface:#FFFFFF; --ds-surface-sunken:#F7F8F9;
  --ds-border:#091E4224; --ds-background-selected:#E9F2FF; --ds-text-selected:#0C66E4; --ds-background-brand-bold:#0C66E4;
  --ds-font: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", Ubuntu, "Helvetica Neue", sans-serif; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/20px var(--ds-font); color: var(--ds-text); background: var(--ds-surface); }
a { color: var(--ds-link); text-decoration: none; } a:hover { text-decoration: underline; }
header { height:56px; display:flex; align-items:center; gap:16px; padding:0 16px; border-bottom:1px solid var(--ds-border); background: var(--ds-surface); }
header .logo { display:flex; align-items:center; gap:8px; font-weight:653; font-size:16px; color: var(--ds-text); }
header .logo i { width:24px; height:24px; border-radius:4px; background: var(--ds-background-brand-bold); display:inline-block; }
header .spacer { flex:1; }
header form { display:flex; align-items:center; gap:8px; color: var(--ds-text-subtle); font-size:12px; }
header select { font: inherit; padding:4px 8px; border:1px solid var(--ds-border); border-radius:3px; background: var(--ds-surface); color: var(--ds-text); }
.layout { display:flex; height: calc(100vh - 56px); }
nav { width:240px; flex:none; background: var(--ds-surface-sunken); border-right:1px solid var(--ds-border); padding:16px 8px; overflow:auto; }
nav h2 { font-size:11px; line-height:16px; font-weight:653; text-transform:uppercase; color: var(--ds-text-subtle); margin:16px 8px 4px; }
nav a { display:block; padding:8px; border-radius:3px; color: var(--ds-text); }
nav a.selected { background: var(--ds-background-selected); color: var(--ds-text-selected); font-weight:500; }
main { flex:1; overflow:auto; padding:24px 32px; }
main.app { padding:0; }
iframe { border:0; width:100%; height:100%; display:block; }
h1 { font-size:24px; line-height:28px; font-weight:653; margin:0 0 16px; }
table { border-collapse: collapse; } td, th { text-align:left; padding:6px 12px 6px 0; border-bottom:1px solid var(--ds-border); }
.flags { position: fixed; left: 24px; bottom: 24px; display:flex; flex-direction:column; gap:8px; z-index: 10; }
.flag { width: 400px; padding:16px; background: var(--ds-surface); border-radius:3px; box-shadow: 0 8px 12px #091E4226, 0 0 1px #091E424F; }
.flag b { display:block; margin-bottom:4px; } .flag.error b { color:#C9372C; } .flag.success b { color:#22A06B; } .flag.warning b { color:#A54800; }
.note { color: var(--ds-text-subtle); }
`;

const SHELL_SCRIPT = `<script>
window.__forgeFlags = [];
window.addEventListener('message', function (e) {
  var m = e.data; if (!m || m.source !== 'forge-local-bridge') return;
  if (m.kind === 'showFlag') {
    window.__forgeFlags.push(m.data);
    var box = document.querySelector('.flags'); var d = document.createElement('div');
    d.className = 'flag ' + (m.data.type || 'info'); d.id = 'flag-' + m.data.id; d.setAttribute('role', 'alert');
    var t = document.createElement('b'); t.textContent = m.data.title || ''; d.appendChild(t);
    var p = document.createElement('div'); p.textContent = m.data.description || ''; d.appendChild(p);
    box.appendChild(d);
    if (m.data.isAutoDismiss) setTimeout(function () { d.remove(); }, 8000);
  } else if (m.kind === 'closeFlag') { var f = document.getElementById('flag-' + m.data.id); if (f) f.remove(); }
  else if (m.kind === 'title') { document.title = String(m.data); }
  else if (m.kind === 'navigate') { window.location.href = m.data.url; }
  else if (m.kind === 'history' && window.__forgeAppBase) {
    // The app's path after the page's own, as Jira shows it in the address bar.
    // The app's query joins the shell's own (as=, locale=, tz=); the host hands both back on a reload.
    var app = new URL(m.data.path, 'http://app');
    var q = new URLSearchParams(app.search);
    var own = new URLSearchParams(location.search);
    ['as', 'locale', 'tz'].forEach(function (k) { var v = own.get(k); if (v) q.set(k, v); });
    var qs = q.toString();
    history.replaceState(null, '', window.__forgeAppBase + (app.pathname === '/' ? '' : app.pathname) + (qs ? '?' + qs : '') + app.hash);
  }
});
</script>`;

function page(
  title: string,
  body: string,
  opts: { as?: string; users?: ShellUser[]; selfPath?: string; keep?: Record<string, string> } = {},
): string {
  const kept = Object.entries(opts.keep ?? {})
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  const picker =
    opts.users && opts.users.length
      ? `<form method="get" action="${esc(opts.selfPath)}">${kept}<label for="as">View as</label><select id="as" name="as" onchange="this.form.submit()">${opts.users
          .map(
            (u) =>
              `<option value="${esc(u.accountId)}"${u.accountId === opts.as ? ' selected' : ''}>${esc(u.displayName)}${u.emailAddress ? ` (${esc(u.emailAddress)})` : ''}</option>`,
          )
          .join('')}</select></form>`
      : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style>${SHELL_SCRIPT}</head>
<body><header><a class="logo" href="/"><i></i>Jira</a><span class="note">local Forge host</span><span class="spacer"></span>${picker}</header>
${body}<div class="flags"></div></body></html>`;
}

export function indexPage(a: {
  appTitle: string;
  projects: ShellProject[];
  jiraUrl: string;
  adminModule?: string;
  projectModule?: string;
}): string {
  const rows = a.projects
    .map(
      (p) =>
        `<tr><td>${esc(p.key)}</td><td>${esc(p.name)}</td><td>${esc(p.projectTypeKey ?? '')}</td><td>${a.projectModule ? `<a href="/projects/${encodeURIComponent(p.key)}/settings">Project settings → ${esc(a.appTitle)}</a>` : ''}</td></tr>`,
    )
    .join('');
  return page(
    `${a.appTitle} (local)`,
    `<div class="layout"><nav><h2>Pages</h2>${a.adminModule ? `<a href="/admin">Admin: ${esc(a.appTitle)}</a>` : ''}<a href="/api/health">Health</a><a href="/api/invocations">Invocations</a></nav>
<main><h1>${esc(a.appTitle)}, running locally</h1>
<p class="note">Jira emulator: <a href="${esc(a.jiraUrl)}">${esc(a.jiraUrl)}</a></p>
${a.adminModule ? `<p><a href="/admin">Open the admin page</a></p>` : ''}
<h2>Projects</h2>${a.projects.length ? `<table><thead><tr><th>Key</th><th>Name</th><th>Type</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="note">No projects (or Jira is not reachable).</p>'}
</main></div>`,
  );
}

export function appPage(a: {
  title: string;
  navSection: string;
  navItems: { label: string; href: string; selected?: boolean }[];
  iframeSrc: string;
  /** The page's own path; the app's history path follows it in the address bar. */
  appBase: string;
  as: string;
  users: ShellUser[];
  selfPath: string;
  /** The viewer's language and time zone, kept when "View as" changes. */
  keep?: Record<string, string>;
  missingBuild?: string;
}): string {
  const nav = `<nav><h2>${esc(a.navSection)}</h2>${a.navItems.map((i) => `<a href="${esc(i.href)}"${i.selected ? ' class="selected"' : ''}>${esc(i.label)}</a>`).join('')}</nav>`;
  const main = a.missingBuild
    ? `<main><h1>${esc(a.title)}</h1><p>The UI is not built: ${esc(a.missingBuild)} does not exist. Run <code>npm run build:ui</code> (or <code>npm start</code>, which builds it).</p></main>`
    : `<main class="app"><iframe id="forge-app" title="${esc(a.title)}" src="${esc(a.iframeSrc)}"></iframe></main><script>window.__forgeAppBase = ${JSON.stringify(a.appBase).replace(/</g, '\\u003c')};</script>`;
  return page(a.title, `<div class="layout">${nav}${main}</div>`, {
    as: a.as,
    users: a.users,
    selfPath: a.selfPath,
    keep: a.keep,
  });
}
