// "Try it": a short prompt through the pipeline (POST /api/try), its answer streamed with the route and
// timings; and a connection test per provider that names what failed.
import { getJson, el } from './api.js';

const HEADERS = { 'content-type': 'application/json', accept: 'text/event-stream', 'x-router-ui': '1' };

export function startTry(tell) {
  const form = document.getElementById('try-form');
  const model = document.getElementById('try-model');
  const prompt = document.getElementById('try-prompt');
  const send = document.getElementById('try-send');
  const route = document.getElementById('try-route');
  const answer = document.getElementById('try-answer');
  const tests = document.getElementById('try-tests');
  const results = document.getElementById('try-results');

  async function load() {
    const status = await getJson('/api/status');
    const options = [el('option', { value: 'claude-sonnet-4-5', text: 'through the routing (as Claude Code)' })];
    for (const p of status.providers ?? []) for (const m of p.models ?? []) options.push(el('option', { value: `${p.name},${m}`, text: `${p.name},${m}` }));
    model.replaceChildren(...options);
    tests.replaceChildren(...(status.providers ?? []).map(p => {
      const b = el('button', { type: 'button', class: 'quiet', 'data-test': p.name, text: `Test ${p.name}` });
      b.addEventListener('click', () => test(p.name, b));
      return b;
    }));
  }

  async function test(name, button) {
    button.disabled = true;
    try {
      const response = await fetch(`/api/providers/${encodeURIComponent(name)}/test`, { method: 'POST', headers: { 'x-router-ui': '1' } });
      const r = await response.json();
      const text = r.ok ? `${name}: connected, answered in ${r.ms} ms`
        : r.failure ? `${name}: ${r.failure} — ${r.says} (HTTP ${r.status}: ${r.message})` : `${name}: ${r.error?.message ?? 'failed'}`;
      const item = el('li', { class: r.ok ? 'outcome-ok' : 'outcome-error', 'data-provider': name, 'data-failure': r.failure ?? 'none', text });
      results.querySelector(`[data-provider="${CSS.escape(name)}"]`)?.remove();
      results.prepend(item);
    } catch (e) {
      tell(`The test of ${name} did not run: ${e.message}`, true);
    } finally {
      button.disabled = false;
    }
  }

  async function run(event) {
    event.preventDefault();
    send.disabled = true;
    answer.textContent = '';
    route.textContent = 'sending…';
    const start = performance.now();
    let first = null;
    try {
      const response = await fetch('/api/try', { method: 'POST', headers: HEADERS, body: JSON.stringify({ prompt: prompt.value, model: model.value }) });
      const via = response.headers.get('x-router-route') ?? 'not routed';
      if (!response.ok || !response.body) {
        const body = await response.text();
        let message = body;
        try { message = JSON.parse(body).error?.message ?? body; } catch { /* not JSON */ }
        route.textContent = `route: ${via} · HTTP ${response.status}`;
        answer.textContent = message;
        answer.className = 'outcome-error';
        return;
      }
      answer.className = '';
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).join('');
          if (!data) continue;
          const e = JSON.parse(data);
          if (e.type === 'content_block_delta' && e.delta?.type === 'text_delta') {
            first ??= performance.now();
            answer.textContent += e.delta.text;
          } else if (e.type === 'error') {
            answer.textContent += `\n[error: ${e.error?.message}]`;
            answer.className = 'outcome-error';
          }
        }
        route.textContent = `route: ${via} · first token ${first ? Math.round(first - start) : '–'} ms`;
      }
      route.textContent = `route: ${via} · first token ${first ? Math.round(first - start) : '–'} ms · total ${Math.round(performance.now() - start)} ms`;
    } catch (e) {
      route.textContent = '';
      tell(`The prompt was not sent: ${e.message}`, true);
    } finally {
      send.disabled = false;
    }
  }

  form.addEventListener('submit', run);
  load().catch(e => tell(`Cannot list the providers: ${e.message}`, true));
}
