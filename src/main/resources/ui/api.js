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
