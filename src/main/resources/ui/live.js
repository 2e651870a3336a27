// Finished requests as they arrive, from the daemon's server-sent events (GET /api/events).
import { el } from './api.js';
import { showDetail, fellBack, continued } from './detail.js';
import { projectOf, shortSession } from './sessions.js';

const MAX_ROWS = 500;

export function startLive(tell) {
  const body = document.querySelector('#live-table tbody');
  const state = document.getElementById('live-state');
  const dropped = document.getElementById('live-dropped');
  const empty = document.getElementById('live-empty');
  const filter = document.getElementById('live-filter');
  const panel = document.getElementById('live-detail');

  function setState(name) {
    state.textContent = name;
    state.className = `badge state-${name}`;
  }

  function matches(row) {
    const q = filter.value.trim().toLowerCase();
    return !q || row.textContent.toLowerCase().includes(q);
  }

  // a Claude Code request's session and project; the project comes with the sessions view's next read
  function sessionCell(session) {
    if (!session) return el('td', { class: 'muted', text: '–' });
    const td = el('td', { class: 'session', title: session, 'data-session': session });
    fillSession(td);
    return td;
  }

  function fillSession(td) {
    const project = projectOf(td.dataset.session);
    td.dataset.project = project ?? '';
    td.textContent = project ? `${shortSession(td.dataset.session)} · ${project}` : shortSession(td.dataset.session);
  }

  document.addEventListener('router-sessions', () => {
    for (const td of body.querySelectorAll('td[data-session][data-project=""]')) fillSession(td);
  });

  function row(r) {
    const ms = v => (v == null ? '–' : `${Math.round(v)} ms`);
    const time = new Date(r.time).toLocaleTimeString([], { hour12: false });
    const tr = el('tr', { 'data-fallback': String(fellBack(r)), 'data-continued': String(continued(r)) },
      el('td', { text: time }), el('td', { text: r.ingress }), sessionCell(r.session), el('td', { text: r.scenario ?? '–' }),
      el('td', { text: r.requested_model ?? '–' }), el('td', { text: (r.tried ?? []).join(' → ') || '–' }),
      el('td', {}, r.served ?? '–', fellBack(r) ? el('span', { class: 'badge fallback', text: 'fallback' }) : '',
        continued(r) ? el('span', { class: 'badge continued', text: `continued by ${r.continued_by}` }) : ''), el('td', { class: 'num', text: String(r.attempts) }),
      el('td', { class: 'num', text: String(r.status) }),
      el('td', { class: `outcome-${r.outcome}`, text: r.outcome }),
      el('td', { class: 'num', text: ms(r.latency_ms) }), el('td', { class: 'num', text: ms(r.ttft_ms) }),
      el('td', { class: 'num', text: `${r.tokens.input} / ${r.tokens.output}` }));
    tr.tabIndex = 0;
    tr.addEventListener('click', () => showDetail(panel, r));
    tr.addEventListener('keydown', e => { if (e.key === 'Enter') showDetail(panel, r); });
    tr.hidden = !matches(tr);
    return tr;
  }

  const source = new EventSource('/api/events');
  source.addEventListener('ready', () => setState('live'));
  source.addEventListener('request', e => {
    const data = JSON.parse(e.data);
    body.prepend(row(data.request));
    while (body.rows.length > MAX_ROWS) body.lastElementChild.remove();
    empty.hidden = true;
    dropped.textContent = data.dropped ? `${data.dropped} not shown (this tab fell behind, or over 500 requests a second; the request log has them all)` : '';
    document.dispatchEvent(new CustomEvent('router-request'));
  });
  source.addEventListener('refused', e => {
    setState('offline');
    tell(JSON.parse(e.data).message, true);
    source.close();
  });
  source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');

  filter.addEventListener('input', () => {
    for (const tr of body.rows) tr.hidden = !matches(tr);
  });
}
