// The forms' sections, drawn from the parsed document; each control names its value by the validator's
// path (data-path) so a problem lands at its field, and by a stable data-key so focus survives a redraw.
import { el } from './api.js';
import { find, parse, pathText } from './json5.js';

const SCENARIOS = [['default', 'Default'], ['background', 'Background'], ['think', 'Think'],
  ['longContext', 'Long context'], ['webSearch', 'Web search'], ['image', 'Image']];
const PROTOCOLS = ['anthropic', 'openai', 'gemini', 'openai-responses'];
const AUTHS = ['x-api-key', 'bearer', 'x-goog-api-key'];
const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'];
const RESILIENCE = ['connect_timeout_ms', 'headers_timeout_ms', 'first_event_timeout_ms', 'idle_timeout_ms', 'max_attempts',
  'backoff_ms', 'max_backoff_ms', 'max_retry_after_ms', 'retry_budget_ms', 'breaker_window', 'breaker_min_calls',
  'breaker_failure_rate', 'breaker_open_ms', 'max_concurrency'];
const MODULES = ['workDir', 'gitBranch', 'model', 'usage', 'cost', 'duration', 'lines', 'context', 'speed', 'script'];
const VARIABLE = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;
const MASKED = /^<masked key \d+>$/;

/** The daemon's rule (FileReferences.namesFile): such settings run or read a file, so the UI only shows them. */
export const namesFile = key => key === 'path' || key.endsWith('Path') || key.endsWith('_PATH') || key === 'REWRITE_SYSTEM_PROMPT';

export function fieldsets(doc, ops) {
  return [providers(doc, ops), router(doc, ops), resilience(doc, ops), statusLine(doc, ops), files(doc)];
}

function input(ops, path, value, { kind = 'string', optional = false, label, placeholder = '', role = '' } = {}) {
  const readonly = namesFile(String(path[path.length - 1] ?? ''));
  const node = el('input', { type: 'text', 'data-path': pathText(path), 'data-key': pathText(path) + role,
    autocomplete: 'off', spellcheck: 'false', placeholder });
  node.value = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (kind === 'number') node.inputMode = 'numeric';
  if (label) node.setAttribute('aria-label', label);
  if (readonly) node.readOnly = true;
  else node.addEventListener('input', () => ops.typed(path, node.value, kind, optional));
  return node;
}

function select(ops, path, choices, value, { optional = true, none = 'automatic', label } = {}) {
  const node = el('select', { 'data-path': pathText(path), 'data-key': pathText(path) });
  if (label) node.setAttribute('aria-label', label);
  const all = optional ? [['', none], ...choices.map(c => [c, c])] : choices.map(c => [c, c]);
  if (value !== undefined && value !== null && value !== '' && !choices.includes(value)) all.push([String(value), `${value} (unknown)`]);
  for (const [v, text] of all) node.append(el('option', { value: v, text }));
  node.value = value === undefined || value === null ? '' : String(value);
  node.addEventListener('change', () => ops.typed(path, node.value, 'string', optional));
  return node;
}

function button(text, onClick, attrs = {}) {
  const node = el('button', { type: 'button', class: 'quiet small', ...attrs, text });
  node.addEventListener('click', onClick);
  return node;
}

const field = (label, control, ...extra) => el('div', { class: 'field' }, el('label', {}, el('span', { text: label }), control), ...extra);
const note = text => el('p', { class: 'muted', text });
const section = (title, path) => el('fieldset', { class: 'form-section', 'data-path': path }, el('legend', { text: title }));

function providers(doc, ops) {
  const box = section('Providers', '$.Providers');
  const list = find(doc, ['Providers']);
  if (list && list.kind !== 'array') return box.appendChild(note('Providers is not a list; fix it in the raw view.')).parentElement;
  (list?.items ?? []).forEach((node, i) => box.append(provider(node.value, ['Providers', i], ops)));
  box.append(button('Add provider', () => ops.add(['Providers'],
    { name: 'new-provider', api_base_url: 'https://', api_key: '$NEW_PROVIDER_API_KEY', models: [] }), { 'data-key': 'add-provider' }));
  return box;
}

function provider(v, path, ops) {
  const box = el('fieldset', { class: 'card provider', 'data-path': pathText(path), 'data-provider': String(v?.name ?? '') });
  if (!v || typeof v !== 'object' || Array.isArray(v)) return box.appendChild(note('Not a provider object; fix it in the raw view.')).parentElement;
  box.append(el('legend', { text: `Provider ${v.name ?? '(no name)'}` }),
    field('Name', input(ops, [...path, 'name'], v.name)),
    field('URL', input(ops, [...path, 'api_base_url'], v.api_base_url, { placeholder: 'https://api.example.com/v1/chat/completions' })),
    el('div', { class: 'pair' },
      field('Protocol', select(ops, [...path, 'protocol'], PROTOCOLS, v.protocol, { none: 'from URL and transformer' })),
      field('Auth', select(ops, [...path, 'auth'], AUTHS, v.auth, { none: "protocol's own" }))),
    keys(v, path, ops), models(v, path, ops), transformers(v, path, ops),
    ...others(v, ['name', 'api_base_url', 'protocol', 'auth', 'api_key', 'models', 'transformer']),
    button(`Remove provider ${v.name ?? ''}`, () => ops.drop(path), { 'data-key': `${pathText(path)}#remove`, class: 'quiet small danger' }));
  return box;
}

/** Settings the forms do not edit, named so no one thinks they are gone. */
function others(v, shown) {
  const rest = Object.keys(v).filter(k => !shown.includes(k));
  return rest.length ? [note(`Also set here: ${rest.join(', ')} (edit in the raw view)`)] : [];
}

function keys(v, path, ops) {
  const at = [...path, 'api_key'];
  const raw = v.api_key;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const box = el('div', { class: 'field list', 'data-path': pathText(at) }, el('span', { class: 'field-label', text: 'API keys' }));
  list.forEach((k, j) => {
    const p = Array.isArray(raw) ? [...at, j] : at;
    const text = typeof k === 'string' ? k : JSON.stringify(k);
    const control = input(ops, p, text, { label: `API key ${j + 1}`, placeholder: '$PROVIDER_API_KEY' });
    let badge;
    if (MASKED.test(text)) {
      control.readOnly = true;
      badge = el('span', { class: 'badge var-literal', text: 'written in the file, hidden' });
    } else if (VARIABLE.test(text)) {
      badge = el('span', { 'data-variable': VARIABLE.exec(text)[1] });
      ops.indicate(badge);
    } else {
      badge = el('span', { class: 'badge var-literal', text: text ? 'literal: prefer a $VAR' : 'empty' });
    }
    box.append(el('div', { class: 'row' }, control, badge,
      button('Remove', () => ops.drop(p), { 'aria-label': `Remove API key ${j + 1}`, 'data-key': `${pathText(p)}#remove` })));
  });
  // ProviderReader suggests the same name when a key is missing.
  const suggested = `$${String(v.name ?? 'provider').toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
  box.append(button('Add key', () => list.length === 0 ? ops.set(at, suggested)
    : Array.isArray(raw) ? ops.add(at, suggested) : ops.set(at, [raw, suggested]), { 'data-key': `${pathText(at)}#add` }));
  return box;
}

/** Model entries may be names or objects with a name and limits: the name is edited, the object kept. */
function models(v, path, ops) {
  const at = [...path, 'models'];
  const box = el('div', { class: 'field list', 'data-path': pathText(at) }, el('span', { class: 'field-label', text: 'Models' }));
  const list = Array.isArray(v.models) ? v.models : [];
  list.forEach((m, j) => {
    const object = m !== null && typeof m === 'object' && !Array.isArray(m);
    const p = object ? [...at, j, 'name'] : [...at, j];
    const extra = object ? Object.entries(m).filter(([k]) => k !== 'name').map(([k, x]) => `${k} ${JSON.stringify(x)}`).join(' · ') : '';
    box.append(el('div', { class: 'row', 'data-path': pathText([...at, j]) },
      input(ops, p, object ? m.name : m, { label: `Model ${j + 1}` }),
      ...(extra ? [el('span', { class: 'muted small', text: extra })] : []),
      button('Remove', () => ops.drop([...at, j]), { 'aria-label': `Remove model ${object ? m.name : m}`, 'data-key': `${pathText([...at, j])}#remove` })));
  });
  box.append(adder(ops, at, 'model name', 'Add model'));
  return box;
}

function adder(ops, at, placeholder, label) {
  const name = el('input', { type: 'text', placeholder, 'aria-label': placeholder, 'data-add': pathText(at), 'data-key': `${pathText(at)}#new`, autocomplete: 'off' });
  const add = () => { if (name.value.trim()) ops.add(at, name.value.trim()); };
  name.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); add(); } });
  return el('div', { class: 'row' }, name, button(label, add, { 'data-key': `${pathText(at)}#add` }));
}

function transformers(v, path, ops) {
  const at = [...path, 'transformer', 'use'];
  const box = el('div', { class: 'field list', 'data-path': pathText([...path, 'transformer']) },
    el('span', { class: 'field-label', text: 'Transformers' }));
  const use = Array.isArray(v.transformer?.use) ? v.transformer.use : [];
  use.forEach((t, k) => {
    const pair = Array.isArray(t);
    const name = pair ? t[0] : t;
    const options = el('input', { type: 'text', class: 'options', 'data-path': pathText(pair ? [...at, k, 1] : [...at, k]),
      'data-key': `${pathText([...at, k])}#options`, 'aria-label': `Options of ${name}`, placeholder: 'options, e.g. {"max_tokens": 16384}', autocomplete: 'off' });
    options.value = pair && t.length > 1 ? JSON.stringify(t[1]) : '';
    options.addEventListener('input', () => {
      if (!options.value.trim()) return ops.set([...at, k], name);
      let value;
      const slot = options.parentElement.querySelector('.options-problem');
      try { value = parse(options.value).value; } catch {
        options.setAttribute('aria-invalid', 'true');
        if (!slot) options.parentElement.append(el('p', { class: 'field-problem options-problem', text: 'options: not valid JSON5 yet, so not applied' }));
        return;
      }
      ops.set([...at, k], [name, value]);
    });
    box.append(el('div', { class: 'row', 'data-path': pathText([...at, k]) },
      input(ops, pair ? [...at, k, 0] : [...at, k], name, { label: `Transformer ${k + 1}` }), options,
      button('Remove', () => ops.drop([...at, k]), { 'aria-label': `Remove transformer ${name}`, 'data-key': `${pathText([...at, k])}#remove` })));
  });
  box.append(adder(ops, at, 'transformer name', 'Add transformer'));
  for (const [model, spec] of Object.entries(v.transformer ?? {}).filter(([k]) => k !== 'use')) {
    box.append(note(`For model ${model}: ${JSON.stringify(spec?.use ?? spec)} (edit in the raw view)`));
  }
  return box;
}

function targetsOf(doc) {
  const out = [];
  for (const p of find(doc, ['Providers'])?.value ?? []) {
    for (const m of Array.isArray(p?.models) ? p.models : []) {
      const name = typeof m === 'string' ? m : m?.name;
      if (p?.name && name) out.push(`${p.name},${name}`);
    }
  }
  return out;
}

/** An ordered target list; `write` gets the new list. `asList`: whether the file holds a list (else one string). */
function chain(base, list, asList, choices, write, label) {
  const box = el('ol', { class: 'chain-edit', 'aria-label': label });
  list.forEach((t, i) => {
    const fresh = el('select', { 'data-path': pathText(asList ? [...base, i] : base), 'data-key': `${pathText(base)}#${i}`,
      'aria-label': `${label}, target ${i + 1}` });
    fresh.append(...[...new Set([...choices, t])].map(c => el('option', { value: c, text: choices.includes(c) ? c : `${c} (unknown)` })));
    fresh.value = t;
    fresh.addEventListener('change', () => write(list.map((x, j) => j === i ? fresh.value : x)));
    const swap = (a, b) => { const n = list.slice(); [n[a], n[b]] = [n[b], n[a]]; write(n); };
    box.append(el('li', {}, fresh,
      button('↑', () => swap(i, i - 1), { 'aria-label': `Move ${t} up`, 'data-key': `${pathText(base)}#up${i}`, ...(i === 0 ? { disabled: '' } : {}) }),
      button('↓', () => swap(i, i + 1), { 'aria-label': `Move ${t} down`, 'data-key': `${pathText(base)}#down${i}`, ...(i === list.length - 1 ? { disabled: '' } : {}) }),
      button('×', () => write(list.filter((_, j) => j !== i)), { 'aria-label': `Remove ${t}`, 'data-key': `${pathText(base)}#drop${i}` })));
  });
  const add = el('select', { 'aria-label': `Add a target to ${label}`, 'data-key': `${pathText(base)}#add` });
  add.append(el('option', { value: '', text: list.length ? '+ fallback…' : '+ target…' }), ...choices.map(c => el('option', { value: c, text: c })));
  add.addEventListener('change', () => { if (add.value) write([...list, add.value]); });
  box.append(el('li', { class: 'add' }, add));
  return box;
}

function router(doc, ops) {
  const box = section('Router', '$.Router');
  const r = find(doc, ['Router'])?.value ?? {};
  const fb = find(doc, ['fallback'])?.value ?? {};
  const choices = targetsOf(doc);
  const table = el('div', { class: 'scenarios' });
  for (const [key, title] of SCENARIOS) {
    const value = r[key];
    const list = Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
    const writeRoute = n => n.length === 0 ? ops.drop(['Router', key]) : ops.set(['Router', key], n.length === 1 ? n[0] : n);
    const cell = el('div', { class: 'scenario', 'data-path': pathText(['Router', key]), 'data-scenario': key },
      el('h4', { text: title }), chain(['Router', key], list, Array.isArray(value), choices, writeRoute, `${title} route`));
    const fallback = Array.isArray(fb[key]) ? fb[key] : [];
    if (fallback.length || Object.keys(fb).length) {
      cell.append(el('p', { class: 'muted small', text: 'then the fallback section:' }),
        chain(['fallback', key], fallback, true, choices, n => n.length ? ops.set(['fallback', key], n) : ops.drop(['fallback', key]), `${title} fallback`));
    }
    table.append(cell);
  }
  box.append(table, el('div', { class: 'pair' },
    field('Long context above (tokens)', input(ops, ['Router', 'longContextThreshold'], r.longContextThreshold, { kind: 'number', optional: true, placeholder: 'default' })),
    field('Think from effort', select(ops, ['Router', 'thinkMinEffort'], EFFORTS, r.thinkMinEffort, { none: 'default' }))));
  return box;
}

function resilience(doc, ops) {
  const box = section('Resilience', '$.resilience');
  const r = find(doc, ['resilience'])?.value ?? {};
  box.append(el('div', { class: 'grid' }, ...RESILIENCE.map(k =>
    field(k.replace(/_/g, ' '), input(ops, ['resilience', k], r[k], { kind: 'number', optional: true, placeholder: 'default' })))));
  return box;
}

function statusLine(doc, ops) {
  const box = section('Status line', '$.StatusLine');
  const s = find(doc, ['StatusLine'])?.value ?? {};
  const enabled = el('input', { type: 'checkbox', 'data-path': '$.StatusLine.enabled', 'data-key': '$.StatusLine.enabled' });
  enabled.checked = s.enabled === true || s.enabled === 'true';
  enabled.addEventListener('change', () => ops.set(['StatusLine', 'enabled'], enabled.checked));
  const style = s.currentStyle ?? 'default';
  box.append(el('div', { class: 'pair' }, field('Shown in Claude Code', enabled),
    field('Style', select(ops, ['StatusLine', 'currentStyle'], ['default', 'powerline'], s.currentStyle, { none: 'default' }))));
  const at = ['StatusLine', style, 'modules'];
  const list = Array.isArray(s[style]?.modules) ? s[style].modules : [];
  const rows = el('div', { class: 'field list', 'data-path': pathText(at) }, el('span', { class: 'field-label', text: `Modules of ${style}` }));
  list.forEach((m, i) => rows.append(el('div', { class: 'row', 'data-path': pathText([...at, i]) },
    select(ops, [...at, i, 'type'], MODULES, m?.type, { optional: false, label: `Module ${i + 1} type` }),
    input(ops, [...at, i, 'icon'], m?.icon, { label: 'icon', placeholder: 'icon', optional: true }),
    input(ops, [...at, i, 'text'], m?.text, { label: 'text', placeholder: '{{model}}', optional: true }),
    input(ops, [...at, i, 'color'], m?.color, { label: 'colour', placeholder: 'colour', optional: true }),
    ...(m?.scriptPath !== undefined ? [input(ops, [...at, i, 'scriptPath'], m.scriptPath, { label: 'script (read-only)' })] : []),
    button('Remove', () => ops.drop([...at, i]), { 'aria-label': `Remove module ${i + 1}`, 'data-key': `${pathText([...at, i])}#remove` }))));
  rows.append(button('Add module', () => ops.add(at, { type: 'model', text: '{{model}}' }), { 'data-key': `${pathText(at)}#add` }));
  box.append(rows);
  return box;
}

/** Every setting that names a file to run or read, shown and never editable here. */
function files(doc) {
  const found = [];
  const walk = (node, path) => {
    if (Array.isArray(node)) node.forEach((x, i) => walk(x, [...path, i]));
    else if (node && typeof node === 'object') {
      for (const [k, x] of Object.entries(node)) namesFile(k) && x !== null && typeof x !== 'object' ? found.push([path.concat(k), x]) : walk(x, [...path, k]);
    }
  };
  walk(doc.value, []);
  const box = section('Files the config runs or reads', '$#files');
  box.append(note('These can only be changed in config.json on disk: the UI may not make the router run or read another file.'));
  if (!found.length) box.append(note('None.'));
  for (const [path, value] of found) {
    const shown = el('input', { type: 'text', readonly: '', value: String(value), 'data-path': pathText(path), 'aria-label': pathText(path) });
    box.append(field(pathText(path).replace(/^\$\./, ''), shown));
  }
  return box;
}
