// The daemon's admin API, same origin, with the session cookie; changes carry x-router-ui (CSRF guard).

async function answer(response) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const message = body?.error?.message ?? `HTTP ${response.status}`;
    const problems = body?.error?.problems ?? [];
    throw new Error(problems.length ? `${message} (${problems.map(p => `${p.path}: ${p.message}`).join('; ')})` : message);
  }
  return body;
}

export async function getJson(path) {
  return answer(await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' }));
}

export async function putJson(path, value) {
  return answer(await fetch(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-router-ui': '1' },
    body: JSON.stringify(value),
  }));
}

/** Sends text (config.json as written) with a change's CSRF header. */
export async function sendText(method, path, text) {
  return answer(await fetch(path, {
    method,
    headers: { 'content-type': 'text/plain;charset=utf-8', accept: 'application/json', 'x-router-ui': '1' },
    body: text,
  }));
}

/** An element with text content only: nothing from the daemon is ever parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** 128k for 128000, 1M for 1000000, 1.05M for 1048576, ? when unknown: as `router status` writes them. */
export function tokens(n) {
  if (!n || n <= 0) return '?';
  if (n >= 1000000) return `${(n / 1000000).toFixed(2).replace(/\.?0+$/, '')}M`;
  return n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);
}

/** "200k context · 64k out" for a model's limits from /api/status, or '' when nothing is known. */
export function limitsText(l) {
  if (!l || (!l.context && !l.maxOutput)) return '';
  return `${tokens(l.context)} context · ${tokens(l.maxOutput)} out`;
}
