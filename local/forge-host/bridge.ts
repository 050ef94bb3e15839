// The Custom UI bridge. On Forge, the product page gives an app's iframe `window.__bridge`, and
// @forge/bridge calls `__bridge.callBridge(name, payload)` for invoke, getContext, router, flags...
// The host injects an equivalent script before the app's bundle: `invoke` goes to the host with
// the page's module, project and viewer; UI calls (flags, navigation, title) go to the shell page
// around the iframe, which draws them as Jira would.

export interface PageContext {
  moduleKey: string;
  projectKey?: string;
  accountId: string;
  /** The full context getContext() answers. */
  context: unknown;
}

/** A <script> defining window.__bridge for one page view; must run before the app's bundle. */
export function bridgeScript(page: PageContext): string {
  const cfg = JSON.stringify(page).replace(/</g, '\\u003c');
  return `<script>
(function () {
  var page = ${cfg};
  var listeners = {};
  function toShell(kind, data) { try { if (window.parent !== window) window.parent.postMessage({ source: 'forge-local-bridge', kind: kind, data: data }, '*'); } catch (e) {} }
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }
  function targetUrl(loc) {
    if (loc.url) return loc.url;
    if (loc.target === 'projectSettingsDetails' || loc.target === 'projectSettings') return '/projects/' + encodeURIComponent(loc.projectKey || page.projectKey || '') + '/settings';
    if (loc.target === 'module' || loc.target === 'adminPage') return '/admin';
    if (loc.target === 'issue' && loc.issueKey) return '/browse/' + encodeURIComponent(loc.issueKey);
    return '/';
  }
  var handlers = {
    invoke: function (p) {
      return post('/__host/bridge/invoke', { moduleKey: page.moduleKey, projectKey: page.projectKey, accountId: page.accountId, functionKey: p.functionKey, payload: p.payload })
        .then(function (r) {
          if (!r.ok) throw new Error('There was an error invoking the function - ' + (r.error && r.error.message));
          return p.metadata ? { body: r.result, metadata: {} } : r.result;
        });
    },
    getContext: function () { return JSON.parse(JSON.stringify(page.context)); },
    navigate: function (p) {
      var url = targetUrl(p);
      if (p.type === 'new-tab') { window.open(url, '_blank'); return; }
      toShell('navigate', { url: url });
      if (window.parent === window) window.location.href = url;
    },
    getUrl: function (loc) { return new URL(targetUrl(loc), window.location.origin).href; },
    reload: function () { window.location.reload(); },
    showFlag: function (p) { toShell('showFlag', p); return true; },
    closeFlag: function (p) { toShell('closeFlag', p); return true; },
    resize: function (p) { toShell('resize', p); return true; },
    changeWindowTitle: function (t) { toShell('title', t); return true; },
    // As Jira applies its theme: here the browser's colour scheme stands for the user's Jira theme.
    enableTheming: function () { var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches; document.documentElement.setAttribute('data-color-mode', dark ? 'dark' : 'light'); document.documentElement.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography'); return true; },
    // As Forge keeps it: the app's own path rides in the product page's URL (here the frame's
    // \`path\` parameter, mirrored into the shell's address), so a reload opens the same place.
    createHistory: function () {
      function read() {
        var raw = new URLSearchParams(window.location.search).get('path') || '/';
        var u = new URL(raw.charAt(0) === '/' ? raw : '/' + raw, 'http://app');
        var st = window.history.state;
        return { pathname: u.pathname, search: u.search, hash: u.hash, state: st && st.forgeState, key: st && st.forgeKey };
      }
      function asPath(to) { return typeof to === 'string' ? to : (to.pathname || '/') + (to.search || '') + (to.hash || ''); }
      function tell(action) {
        h.location = read(); h.action = action;
        toShell('history', { path: h.location.pathname + h.location.search + h.location.hash });
        h.subs.slice().forEach(function (s) { s(h.location, action); });
      }
      function write(to, state, replace) {
        var q = new URLSearchParams(window.location.search);
        q.set('path', asPath(to));
        var entry = { forgeState: state, forgeKey: Math.random().toString(36).slice(2, 8) };
        window.history[replace ? 'replaceState' : 'pushState'](entry, '', window.location.pathname + '?' + q.toString());
        tell(replace ? 'REPLACE' : 'PUSH');
      }
      var h = { location: read(), action: 'POP', subs: [],
        push: function (to, state) { write(to, state, false); },
        replace: function (to, state) { write(to, state, true); },
        listen: function (cb) { h.subs.push(cb); return function () { h.subs = h.subs.filter(function (s) { return s !== cb; }); }; },
        go: function (n) { window.history.go(n); }, back: function () { window.history.back(); }, forward: function () { window.history.forward(); },
        createHref: function (to) { return asPath(to); } };
      window.addEventListener('popstate', function () { tell('POP'); });
      return h;
    },
    emit: function (p) { (listeners[p.event] || []).forEach(function (cb) { cb(p.payload); }); return true; },
    on: function (p) { (listeners[p.event] = listeners[p.event] || []).push(p.callback); return function () { listeners[p.event] = (listeners[p.event] || []).filter(function (c) { return c !== p.callback; }); }; },
    emitPublic: function (p) { return handlers.emit(p); },
    onPublic: function (p) { return handlers.on(p); },
    getFrameId: function () { return 'forge-local-frame'; },
    emitReadyEvent: function () { return true; },
    initFeatureFlags: function () { return {}; },
    emitFrontendCustomMetric: function () { return true; },
    isRovoEnabled: function () { return false; },
    getCookieConsentPreferences: function () { return {}; }
  };
  window.__bridge = {
    callBridge: function (name, payload) {
      var h = handlers[name];
      if (!h) return Promise.reject(new Error('The local Forge host does not implement bridge call "' + name + '".'));
      try { return Promise.resolve(h(payload)); } catch (e) { return Promise.reject(e); }
    }
  };
  window.__forgeLocalPage = page;
})();
</script>`;
}

/** Puts the bridge first in <head>, so it exists before any of the app's scripts run. */
export function injectBridge(html: string, page: PageContext): string {
  const script = bridgeScript(page);
  const m = /<head[^>]*>/i.exec(html);
  if (m) return html.slice(0, m.index + m[0].length) + script + html.slice(m.index + m[0].length);
  return script + html;
}
