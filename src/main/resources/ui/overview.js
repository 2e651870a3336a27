// Routes with a one-click model switch, from GET /api/status (providers' health: health.js).
import { getJson, putJson, el, limitsText } from './api.js';

const REFRESH_MS = 5000;

/** Starts the overview; the promise settles once its routes are first drawn with the daemon's data. */
export function startOverview(tell) {
  const routes = document.querySelector('#routes tbody');
  const windowNote = document.getElementById('routes-window');
  let busy = false;
  let drawn;
  const firstDrawn = new Promise(resolve => { drawn = resolve; });

  async function refresh() {
    if (busy) return;
    try {
      const status = await getJson('/api/status');
      document.getElementById('version').textContent = `v${status.version} · pid ${status.pid} · ${status.configPath}`;
      if (!document.activeElement || !routes.contains(document.activeElement)) renderRoutes(status);
      renderWindow(status.claudeCodeWindow);
      // the provider cards show each model's limits too
      document.dispatchEvent(new CustomEvent('router-status', { detail: status }));
      drawn();
    } catch (e) {
      tell(`Cannot read the status: ${e.message}`, true);
    }
  }

  function targets(status) {
    const all = [];
    for (const p of status.providers ?? []) for (const m of p.models ?? []) all.push(`${p.name},${m}`);
    return all;
  }

  // "p,m1" → its limits from the status's providers[].limits
  function limitsOf(status, target) {
    const comma = target.indexOf(',');
    const p = (status.providers ?? []).find(x => x.name === target.slice(0, comma));
    return p?.limits?.[target.slice(comma + 1)];
  }

  function renderWindow(w) {
    windowNote.textContent = w
      ? `Claude Code compacts at ${Number(w.compactWindow).toLocaleString()} tokens (window ${Number(w.window).toLocaleString()}, ${w.basis}).`
      : '';
  }

  function renderRoutes(status) {
    const options = targets(status);
    const rows = Object.entries(status.routes ?? {}).map(([scenario, chain]) => {
      const select = el('select', { id: `model-${scenario}`, 'aria-label': `Model for ${scenario}` });
      const current = chain[0] ?? '';
      if (!current) select.append(el('option', { value: '', text: '(not set)' }));
      for (const t of options) {
        const o = el('option', { value: t, text: t });
        o.selected = t === current;
        select.append(o);
      }
      const button = el('button', { type: 'button', id: `switch-${scenario}`, text: 'Switch' });
      button.addEventListener('click', () => switchModel(scenario, select.value, button));
      const list = chain.length ? el('ol', { class: 'chain' }) : el('span', { class: 'muted', text: 'not set: uses default' });
      for (const t of chain) {
        const l = limitsOf(status, t);
        const limits = limitsText(l);
        list.append(el('li', { 'data-target': t }, t,
          limits ? el('span', { class: 'limits muted', title: `limits from ${l.source}`, text: ` · ${limits}` }) : ''));
      }
      return el('tr', { 'data-scenario': scenario },
        el('th', { scope: 'row', text: scenario }),
        el('td', {}, list),
        el('td', {}, el('div', { class: 'switch' }, select, button)));
    });
    routes.replaceChildren(...rows);
  }

  async function switchModel(scenario, model, button) {
    if (!model) return;
    busy = true;
    button.disabled = true;
    try {
      const result = await putJson(`/api/routes/${encodeURIComponent(scenario)}`, { model });
      tell(`${scenario} → ${model}: ${result.message}`);
    } catch (e) {
      tell(`${scenario} was not switched: ${e.message}`, true);
    } finally {
      busy = false;
      button.disabled = false;
      button.blur();
      await refresh();
    }
  }

  // a finished request changes the counters: refresh soon, once per burst
  let soon = null;
  document.addEventListener('router-request', () => {
    soon ??= setTimeout(() => { soon = null; refresh(); }, 500);
  });

  refresh();
  setInterval(refresh, REFRESH_MS);
  return firstDrawn;
}
