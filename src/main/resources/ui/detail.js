// The detail panel of one finished request: the routing decision step by step, then what resilience did.
import { el } from './api.js';
import { bodiesSection } from './bodies.js';

/** Whether the answer came from a later target than the first one tried. */
export function fellBack(r) {
  const tried = r.tried ?? [];
  return r.served != null && tried.length > 1 && tried[0] !== r.served;
}

/** Whether a later target continued the served answer after it broke off mid-stream. */
export function continued(r) {
  return r.continued_by != null;
}

// "longContext: no (1200 tokens <= 60000)" → rule, verdict, why
function step(brief) {
  const m = /^([^:]+):\s*([^(]*?)\s*(?:\((.*)\))?$/.exec(brief);
  return m ? { rule: m[1], verdict: m[2], why: m[3] ?? '' } : { rule: brief, verdict: '', why: '' };
}

export function showDetail(panel, r) {
  const tried = r.tried ?? [];
  const plan = el('ol', { class: 'plan', id: 'detail-plan' });
  for (const s of (r.plan ?? []).map(step)) {
    plan.append(el('li', { class: `verdict-${s.verdict.replace(/\W+/g, '_')}` },
      el('strong', { text: s.rule }), ` ${s.verdict}`, s.why ? el('span', { class: 'muted', text: ` — ${s.why}` }) : ''));
  }
  if (!plan.children.length) plan.append(el('li', { class: 'muted', text: 'not routed (refused before routing)' }));

  const targets = el('ol', { class: 'targets', id: 'detail-targets' });
  tried.forEach(t => {
    const role = t === r.served ? 'served' : t === r.continued_by ? 'continued' : 'failed';
    targets.append(el('li', { class: role, 'data-target': t },
      el('span', { text: t }), ' ', el('span', { class: 'badge', text: role })));
  });
  if (!tried.length) targets.append(el('li', { class: 'muted', text: 'no target was called' }));

  const retries = Math.max(0, (r.attempts ?? 0) - tried.length);
  const verdict = continued(r) ? `continued: ${r.served} broke off mid-stream, ${r.continued_by} continued the answer`
    : fellBack(r) ? `fallback: ${tried[0]} failed, ${r.served} answered`
    : r.served ? (retries ? `served by ${r.served} after ${retries} retr${retries === 1 ? 'y' : 'ies'}` : `served by ${r.served} at the first try`)
      : `no target answered (${r.outcome})`;
  const facts = el('dl');
  for (const [k, v] of [['Attempts', String(r.attempts)], ['Retries', String(retries)],
    ['Fallback', fellBack(r) ? `yes, to ${r.served}` : 'no'], ['Continuation', continued(r) ? `yes, by ${r.continued_by}` : 'no'],
    ['Status', `${r.status} ${r.outcome}`],
    ['Latency', r.latency_ms == null ? '–' : `${Math.round(r.latency_ms)} ms`],
    ['Time to first token', r.ttft_ms == null ? '–' : `${Math.round(r.ttft_ms)} ms`]]) {
    facts.append(el('dt', { text: k }), el('dd', { text: v }));
  }
  const close = el('button', { type: 'button', class: 'quiet', text: 'Close' });
  close.addEventListener('click', () => { panel.hidden = true; });
  panel.replaceChildren(
    el('h3', {}, el('span', { text: `${r.scenario ?? 'unrouted'} · ${r.requested_model ?? '–'} · ${new Date(r.time).toLocaleTimeString([], { hour12: false })}` }), close),
    el('div', { class: 'detail-grid' },
      el('div', {}, el('h4', { text: 'Routing decision' }), plan),
      el('div', {}, el('h4', { text: 'Resilience' }),
        el('p', { id: 'detail-verdict', class: continued(r) ? 'continued' : fellBack(r) ? 'fallback' : '', text: verdict }), targets, facts)),
    explainLine(r), bodiesSection(r));
  panel.hidden = false;
  panel.focus();
}

// The request's id and the command that explains it again from the body the daemon keeps in memory.
function explainLine(r) {
  if (!r.id) return '';
  const command = `router explain --id ${r.id}`;
  const copy = el('button', { type: 'button', class: 'quiet', text: 'Copy' });
  copy.addEventListener('click', () => navigator.clipboard?.writeText(command)
    .then(() => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Select and copy'; }));
  return el('p', { class: 'explain-id muted' }, `Request ${r.id} · `, el('code', { id: 'detail-explain', text: command }), ' ', copy,
    el('span', { text: ' (the router keeps the last 100 request bodies in memory only)' }));
}
