// Each provider's health from GET /api/health: circuits, resting keys, last error, and the last
// minutes' traffic with two small inline SVG charts (no library, nothing from the network).
import { getJson, el, limitsText } from './api.js';

const REFRESH_MS = 5000;
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function ms(v) {
  return v == null || v < 0 ? '–' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`;
}

const count = n => Number(n ?? 0).toLocaleString();

/** Requests served per minute, with failed calls and errors over them in red, oldest left. */
function perMinuteChart(name, minutes) {
  const w = 150, h = 36, gap = 1;
  const bad = m => m.errors + (m.failures ?? 0);
  const max = Math.max(1, ...minutes.map(m => Math.max(m.requests, bad(m))));
  const bar = w / Math.max(1, minutes.length);
  const total = minutes.reduce((a, m) => a + m.requests, 0);
  const errors = minutes.reduce((a, m) => a + bad(m), 0);
  const chart = svg('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img', class: 'chart',
    'aria-label': `${name}: ${total} requests, ${errors} failed calls or errors in the last ${minutes.length} minutes` });
  chart.append(svg('line', { x1: 0, y1: h - 0.5, x2: w, y2: h - 0.5, class: 'axis' }));
  minutes.forEach((m, i) => {
    const x = i * bar + gap / 2;
    const rh = (m.requests / max) * (h - 2);
    const eh = (bad(m) / max) * (h - 2);
    if (rh > 0) {
      const r = svg('rect', { x, y: h - 1 - rh, width: bar - gap, height: rh, class: 'requests' });
      r.append(svg('title'));
      r.firstChild.textContent = `${new Date(m.at).toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit' })}: ${m.requests} requests, ${m.errors} errors, ${m.failures ?? 0} failed calls`;
      chart.append(r);
    }
    if (eh > 0) chart.append(svg('rect', { x, y: h - 1 - eh, width: bar - gap, height: eh, class: 'errors' }));
  });
  return chart;
}

/** Tokens in and out per model, one bar each, longest first. */
function tokensChart(name, models) {
  const rows = Object.entries(models).sort((a, b) => (b[1].input + b[1].output) - (a[1].input + a[1].output)).slice(0, 5);
  const w = 150, row = 12;
  const chart = svg('svg', { viewBox: `0 0 ${w} ${Math.max(row, rows.length * row)}`, width: w,
    height: Math.max(row, rows.length * row), role: 'img', class: 'chart',
    'aria-label': `${name} tokens per model: ${rows.map(([m, t]) => `${m} ${t.input} in, ${t.output} out`).join('; ') || 'none yet'}` });
  const max = Math.max(1, ...rows.map(([, t]) => t.input + t.output));
  rows.forEach(([model, t], i) => {
    const y = i * row + 1;
    const win = (t.input / max) * w, wout = (t.output / max) * w;
    const inBar = svg('rect', { x: 0, y, width: win, height: row - 3, class: 'tokens-in' });
    inBar.append(svg('title'));
    inBar.firstChild.textContent = `${model}: ${t.input} in, ${t.output} out`;
    chart.append(inBar, svg('rect', { x: win, y, width: wout, height: row - 3, class: 'tokens-out' }));
  });
  return chart;
}

function worst(circuits) {
  const states = Object.values(circuits ?? {});
  return ['OPEN', 'FORCED_OPEN', 'HALF_OPEN', 'CLOSED'].find(s => states.includes(s)) ?? 'CLOSED';
}

// each provider's models' limits, from the overview's /api/status (providers[].limits)
let limits = {};

function models(p) {
  const mine = limits[p.name] ?? {};
  const list = Object.entries(mine).map(([m, l]) => `${m}: ${limitsText(l) ? `${limitsText(l)} (${l.source})` : 'limits unknown'}`);
  return list.length ? list.join(' · ') : '–';
}

function card(p, minutes) {
  const t = p.traffic ?? {};
  const state = worst(p.circuits);
  const circuits = Object.entries(p.circuits ?? {});
  const resting = p.resting ?? [];
  const until = r => new Date(r.until).toLocaleTimeString([], { hour12: false });
  const fields = [
    ['Models', models(p)],
    ['Circuits', circuits.length ? circuits.map(([m, s]) => `${m}: ${s.toLowerCase().replace('_', ' ')}`).join(', ') : 'none used yet'],
    ['Keys', `${p.keys}` + (resting.length ? ` · resting: ${resting.map(r => `key ${r.key} until ${until(r)}`).join(', ')}` : ' · none resting')],
    ['Last error', p.lastError ?? 'none'],
    [`Requests (${minutes} min)`, `${count(t.requests)} (${count(t.errors)} errors)`],
    ['Failed calls', `${count(t.failures)}`],
    ['Latency p50 / p99', `${ms(t.latencyP50Ms)} / ${ms(t.latencyP99Ms)}`],
    ['First token p50 / p99', `${ms(t.ttftP50Ms)} / ${ms(t.ttftP99Ms)}`],
    ['Tokens', `${count(t.input)} in · ${count(t.output)} out`],
  ];
  const dl = el('dl');
  for (const [k, v] of fields) {
    dl.append(el('dt', { text: k }), el('dd', { text: v, 'data-field': k.split(' ')[0].toLowerCase() }));
  }
  const charts = el('div', { class: 'charts' },
    el('figure', {}, perMinuteChart(p.name, t.perMinute ?? []), el('figcaption', { class: 'muted', text: 'requests / failures per minute' })),
    el('figure', {}, tokensChart(p.name, t.models ?? {}), el('figcaption', { class: 'muted', text: 'tokens per model (in | out)' })));
  return el('article', { class: 'card', 'data-provider': p.name, 'data-state': state.toLowerCase() },
    el('h3', {}, el('span', { text: p.name }),
      el('span', { class: `badge state-${state.toLowerCase()}`, text: state.toLowerCase().replace('_', ' ') })),
    dl, charts);
}

/** Starts the provider cards; the promise settles once they are first drawn with the daemon's data. */
export function startHealth(tell) {
  const providers = document.getElementById('providers');
  let drawn;
  const firstDrawn = new Promise(resolve => { drawn = resolve; });

  let last = null;

  function render(health) {
    providers.replaceChildren(...(health.providers ?? []).map(p => card(p, health.minutes)));
    providers.dataset.at = health.at;
  }

  document.addEventListener('router-status', e => {
    limits = Object.fromEntries((e.detail.providers ?? []).map(p => [p.name, p.limits ?? {}]));
    if (last && !providers.contains(document.activeElement)) render(last);
  });

  async function refresh() {
    try {
      const health = await getJson('/api/health');
      last = health;
      render(health);
      drawn();
    } catch (e) {
      tell(`Cannot read the providers' health: ${e.message}`, true);
    }
  }

  let soon = null;
  document.addEventListener('router-request', () => {
    soon ??= setTimeout(() => { soon = null; refresh(); }, 300);
  });
  refresh();
  setInterval(refresh, REFRESH_MS);
  return firstDrawn;
}
