// The config editor's forms view. It holds no copy of the config: every render reads the raw view's
// text, and every change is a splice of that text (json5.js), put back into the raw view with an input
// event, so the raw editor's daemon validation, diff and save run exactly as for a typed edit.
import { el } from './api.js';
import { parse, find, pathText, setValue, append, remove, move } from './json5.js';
import { fieldsets } from './forms-sections.js';

export function startForms(tell) {
  const text = document.getElementById('config-text');
  const root = document.getElementById('config-forms');
  let variables = {};
  let problems = [];
  let own = false;
  let rendered = null;

  /** Applies `edit` (text → text) to the raw view as if typed there, then redraws the forms. */
  function change(edit) {
    let next;
    try { next = edit(text.value); } catch (e) { tell(`Not changed: ${e.message}`, true); return; }
    if (next === text.value) return;
    text.value = next;
    own = true;
    text.dispatchEvent(new Event('input', { bubbles: true }));
    own = false;
    problems = [];
    render();
  }

  const ops = {
    set: (path, value) => change(t => setValue(t, path, value)),
    drop: (path) => change(t => remove(t, path)),
    add: (path, value) => change(t => append(t, path, value)),
    move: (path, from, to) => change(t => move(t, path, from, to)),
    /** A field's text as config.json should hold it: empty removes an optional key. */
    typed: (path, raw, kind, optional) => {
      if (optional && raw.trim() === '') return change(t => find(parse(t), path) ? remove(t, path) : t);
      const number = kind === 'number' && /^-?\d+(\.\d+)?$/.test(raw.trim());
      return change(t => setValue(t, path, number ? Number(raw) : raw));
    },
    variable: (name) => variables[name],
  };

  function render() {
    const focused = document.activeElement;
    const key = root.contains(focused) ? focused.dataset.key : null;
    const caret = key && 'selectionStart' in focused ? [focused.selectionStart, focused.selectionEnd] : null;
    rendered = text.value;
    let doc;
    try {
      doc = parse(text.value);
    } catch (e) {
      root.replaceChildren(el('p', { class: 'forms-off', role: 'status', text:
        `The raw text is not valid JSON5 (${e.message}); the forms come back once it is.` }));
      return;
    }
    if (doc.kind !== 'object') {
      root.replaceChildren(el('p', { class: 'forms-off', text: 'The config is not a JSON object; fix it in the raw view.' }));
      return;
    }
    root.replaceChildren(...fieldsets(doc, ops));
    showProblems();
    const again = key && root.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) {
      // The field being typed in keeps its text as typed (options are shown re-spaced otherwise).
      if (again.type === 'text' && focused.type === 'text') again.value = focused.value;
      again.focus();
      if (caret && again.setSelectionRange && again.type !== 'checkbox') { try { again.setSelectionRange(...caret); } catch { /* not a text field */ } }
    }
  }

  /** Each problem at the deepest field whose path is the problem's or above it. */
  function showProblems() {
    for (const slot of root.querySelectorAll('.field-problem')) slot.remove();
    for (const bad of root.querySelectorAll('[aria-invalid]')) bad.removeAttribute('aria-invalid');
    const fields = [...root.querySelectorAll('[data-path]')];
    for (const p of problems) {
      let best = null;
      for (const f of fields) {
        const path = f.dataset.path;
        const above = p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`);
        const control = f.matches('input, select');
        if (above && (!best || path.length > best.dataset.path.length
          || (path.length === best.dataset.path.length && control && !best.matches('input, select')))) best = f;
      }
      if (!best) continue;
      best.setAttribute('aria-invalid', 'true');
      const id = `problem-${Math.random().toString(36).slice(2)}`;
      best.setAttribute('aria-describedby', id);
      const holder = best.closest('.row, li, .field, .scenario, fieldset') ?? best.parentElement;
      holder.append(el('p', { class: 'field-problem', id, 'data-problem-path': p.path, text: p.message }));
    }
  }

  text.addEventListener('input', () => { if (!own) { problems = []; render(); } });
  text.addEventListener('config:loaded', e => { variables = e.detail.variables ?? {}; problems = []; render(); });
  text.addEventListener('config:checked', e => {
    variables = e.detail.variables ?? variables;
    problems = e.detail.problems ?? [];
    if (text.value !== rendered) render();
    else showProblems();
    for (const dot of root.querySelectorAll('[data-variable]')) ops.indicate(dot);
  });
  ops.indicate = (dot) => {
    const set = variables[dot.dataset.variable];
    dot.textContent = set === undefined ? 'checking…' : set ? 'set' : 'not set';
    dot.className = `badge var-${set === undefined ? 'unknown' : set ? 'set' : 'unset'}`;
  };
  ops.pathText = pathText;
}
