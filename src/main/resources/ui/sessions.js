// The Claude Code sessions answered lately, from GET /api/sessions: project, models, tokens, speed,
// and the project and session route files that apply to them.
import { getJson, el } from './api.js';

const REFRESH_MS = 10000;

// session id → project, from the last refresh, for the live table's session column
const projects = new Map();

/** The project of a Claude Code session listed lately, or undefined. */
export function projectOf(session) {
  return projects.get(session);
}

/** A session id short enough for a table cell. */
export function shortSession(id) {
  return id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

export function startSessions(tell) {
  const body = document.querySelector('#sessions-table tbody');
  const empty = document.getElementById('sessions-empty');

  function row(s) {
    const time = new Date(s.last).toLocaleTimeString([], { hour12: false });
    const files = s.routeFiles.length ? s.routeFiles.join(', ') : 'config.json only';
    return el('tr', { 'data-session': s.id },
      el('td', { text: time }),
      el('td', { title: s.id, text: shortSession(s.id) }),
      el('td', { text: s.project ?? '–' }),
      el('td', { text: s.models.join(', ') || '–' }),
      el('td', { class: 'num', text: `${s.requests}${s.errors ? ` (${s.errors} errors)` : ''}` }),
      el('td', { class: 'num', text: `${s.input.toLocaleString()} / ${s.output.toLocaleString()}` }),
      el('td', { class: 'num', text: s.tokensPerSecond ? `${s.tokensPerSecond} tok/s` : '–' }),
      el('td', { class: 'num', text: s.ttftMs >= 0 ? `${s.ttftMs} ms` : '–' }),
      el('td', { class: 'files', text: files }));
  }

  async function refresh() {
    try {
      const sessions = await getJson('/api/sessions');
      body.replaceChildren(...sessions.map(row));
      for (const s of sessions) if (s.project) projects.set(s.id, s.project);
      document.dispatchEvent(new CustomEvent('router-sessions'));
      empty.hidden = sessions.length > 0;
    } catch (e) {
      tell(`Cannot read the sessions: ${e.message}`, true);
    }
  }

  let soon = null;
  document.addEventListener('router-request', () => {
    soon ??= setTimeout(() => { soon = null; refresh(); }, 300);
  });
  refresh();
  setInterval(refresh, REFRESH_MS);
}
