// The "show bodies" switch (PUT /api/ui/bodies) and a request's bodies in the detail panel
// (GET /api/requests/{id}/bodies). Off by default and at every daemon start: while it is off the daemon
// keeps no bodies for the UI, and the UI never asks for one.
import { getJson, putJson, el } from './api.js';

let on = false;

export function startBodies(tell) {
  const box = document.getElementById('live-bodies');
  const note = document.getElementById('live-bodies-note');

  function show(state) {
    on = state.on;
    box.checked = on;
    note.textContent = on ? 'kept in the daemon\'s memory from now on, secrets masked; off forgets them' : '';
  }

  box.addEventListener('change', async () => {
    box.disabled = true;
    try {
      show(await putJson('/api/ui/bodies', { on: box.checked }));
      tell(on ? 'Bodies of new requests are kept (in memory, secrets masked) and shown in the detail panel.'
        : 'Bodies are no longer kept; those kept were forgotten.');
    } catch (e) {
      box.checked = on;
      tell(`The bodies switch did not change: ${e.message}`, true);
    } finally {
      box.disabled = false;
    }
  });
  getJson('/api/ui/bodies').then(show, e => tell(`Cannot read the bodies switch: ${e.message}`, true));
}

function preview(title, id, p) {
  const size = `${Number(p.bytes).toLocaleString()} bytes${p.cut ? ', shortened' : ''}`;
  return el('div', { class: 'body' }, el('h5', {}, `${title} `, el('span', { class: 'muted', text: `(${size})` })),
    el('pre', { id, class: 'body-text', tabindex: '0', text: p.text || '(empty)' }));
}

/** The request's bodies when the switch is on (filled in once they arrive), else nothing. */
export function bodiesSection(r) {
  if (!on || !r.id) return '';
  const section = el('div', { id: 'detail-bodies', class: 'bodies' }, el('h4', { text: 'Bodies' }),
    el('p', { class: 'muted', text: 'loading…' }));
  getJson(`/api/requests/${encodeURIComponent(r.id)}/bodies`).then(b => {
    section.replaceChildren(el('h4', { text: 'Bodies' }),
      preview('Request', 'detail-request-body', b.request), preview('Answer', 'detail-response-body', b.response));
  }, e => {
    section.replaceChildren(el('h4', { text: 'Bodies' }), el('p', { class: 'muted', id: 'detail-bodies-missing', text: e.message }));
  });
  return section;
}
