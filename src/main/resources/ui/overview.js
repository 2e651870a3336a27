// Routes with a one-click model switch, and each provider's health, from GET /api/status.
import { getJson, putJson, el } from './api.js';

const REFRESH_MS = 5000;

export function startOverview(tell) {
  const routes = document.querySelector('#routes tbody');
  const providers = document.getElementById('providers');
  let busy = false;

  async function refresh() {
    if (busy) return;
    try {
      const status = await getJson('/api/status');
      document.getElementById('version').textContent = `v${status.version} · pid ${status.pid} · ${status.configPath}`;
      if (!document.activeElement || !routes.contains(document.activeElement)) renderRoutes(status);
      renderProviders(status);
    } catch (e) {
      tell(`Cannot read the status: ${e.message}`, true);
    }
  }

  function targets(status) {
    const all = [];
    for (const p of status.providers ?? []) for (const m of p.models ?? []) all.push(`${p.name},${m}`);
    return all;
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
      for (const t of chain) list.append(el('li', { text: t }));
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

  function renderProviders(status) {
    const circuits = Object.entries(status.circuits ?? {});
    const usage = status.usage ?? [];
    const cards = (status.providers ?? []).map(p => {
      const mine = circuits.filter(([name]) => name.startsWith(`${p.name},`));
      const worst = ['OPEN', 'FORCED_OPEN', 'HALF_OPEN', 'CLOSED'].find(s => mine.some(([, v]) => v === s)) ?? 'CLOSED';
      const sum = { requests: 0, errors: 0, input: 0, output: 0 };
      for (const u of usage.filter(u => u.provider === p.name)) for (const k of Object.keys(sum)) sum[k] += u[k] ?? 0;
      const fields = [
        ['Protocol', p.protocol], ['URL', p.baseUrl], ['Keys', String(p.keys ?? 0)],
        ['Requests', `${sum.requests} (${sum.errors} errors)`],
        ['Tokens', `${sum.input.toLocaleString()} in · ${sum.output.toLocaleString()} out`],
        ['Circuits', mine.length ? mine.map(([n, s]) => `${n.slice(p.name.length + 1)}: ${s.toLowerCase()}`).join(', ') : 'none used yet'],
        ['Last error', p.lastError ?? 'none'],
      ];
      const dl = el('dl');
      for (const [k, v] of fields) dl.append(el('dt', { text: k }), el('dd', { text: v }));
      return el('article', { class: 'card', 'data-provider': p.name },
        el('h3', {}, el('span', { text: p.name }),
          el('span', { class: `badge state-${worst.toLowerCase()}`, text: worst.toLowerCase().replace('_', ' ') })),
        dl);
    });
    providers.replaceChildren(...cards);
  }

  // a finished request changes the counters: refresh soon, once per burst
  let soon = null;
  document.addEventListener('router-request', () => {
    soon ??= setTimeout(() => { soon = null; refresh(); }, 500);
  });

  refresh();
  setInterval(refresh, REFRESH_MS);
}
