// The raw config editor: config.json as written (keys masked), validated by the daemon as you type,
// a diff before saving through PUT /api/config, and the backups with a restore.
import { getJson, sendText, el } from './api.js';
import { lineDiff } from './diff.js';

const CHECK_DELAY_MS = 300;

export function startConfig(tell) {
  const text = document.getElementById('config-text');
  const gutter = document.getElementById('config-gutter');
  const state = document.getElementById('config-state');
  const problems = document.getElementById('config-problems');
  const save = document.getElementById('config-save');
  const review = document.getElementById('config-review');
  const diffView = document.getElementById('config-diff');
  const diffText = document.getElementById('config-diff-text');
  const confirm = document.getElementById('config-confirm');
  const backups = document.querySelector('#config-backups tbody');
  let original = '';
  let valid = true;
  let checking = null;
  let generation = 0;

  function setState(name, label) {
    state.textContent = label;
    state.className = `badge state-${name}`;
    const changed = text.value !== original;
    save.disabled = !valid || !changed || name === 'checking';
    review.disabled = !changed;
  }

  function renderGutter(bad) {
    const lines = text.value.split('\n').length;
    const marks = [];
    for (let i = 1; i <= lines; i++) marks.push(el('span', { class: bad.has(i) ? 'bad' : '', text: `${i}\n` }));
    gutter.replaceChildren(...marks);
    gutter.scrollTop = text.scrollTop;
  }

  function goTo(line, column) {
    const rows = text.value.split('\n');
    let at = 0;
    for (let i = 0; i < line - 1 && i < rows.length; i++) at += rows[i].length + 1;
    at += Math.max(0, (column ?? 1) - 1);
    text.focus();
    text.setSelectionRange(at, at);
  }

  function renderProblems(list) {
    const items = list.map(p => {
      const where = p.line ? `line ${p.line}, column ${p.column}` : 'whole file';
      const item = el('li', { 'data-line': String(p.line ?? '') },
        el('button', { type: 'button', class: 'quiet', text: where }), ` ${p.path}: ${p.message}`);
      item.firstChild.addEventListener('click', () => goTo(p.line ?? 1, p.column));
      return item;
    });
    problems.replaceChildren(...items);
    renderGutter(new Set(list.map(p => p.line).filter(Boolean)));
  }

  async function check() {
    const mine = ++generation;
    diffView.hidden = true;
    setState('checking', 'checking…');
    try {
      const result = await sendText('POST', '/api/config/validate', text.value);
      if (mine !== generation) return;
      valid = result.ok;
      renderProblems(result.problems);
      text.dispatchEvent(new CustomEvent('config:checked', { detail: result }));
      setState(valid ? 'closed' : 'open', valid ? (text.value === original ? 'saved' : 'valid, not saved') : `${result.problems.length} problem(s)`);
    } catch (e) {
      if (mine !== generation) return;
      valid = false;
      setState('open', 'cannot check');
      tell(`The config cannot be checked: ${e.message}`, true);
    }
  }

  async function load() {
    const file = await getJson('/api/config/text');
    document.getElementById('config-path').textContent = file.exists ? file.path : `${file.path} (no file yet: the bundled example is in force)`;
    original = file.text;
    text.value = file.text;
    valid = true;
    diffView.hidden = true;
    renderProblems([]);
    setState('closed', 'saved');
    text.dispatchEvent(new CustomEvent('config:loaded', { detail: file }));
  }

  function showDiff() {
    const rows = lineDiff(original, text.value);
    const lines = [];
    rows.forEach((r, i) => {
      const near = rows.slice(Math.max(0, i - 2), i + 3).some(o => o.op !== ' ');
      if (r.op !== ' ' || near) lines.push(el('span', { class: `diff-${r.op === '+' ? 'add' : r.op === '-' ? 'del' : 'same'}`, text: `${r.op} ${r.line}\n` }));
    });
    diffText.replaceChildren(...lines);
    diffView.hidden = false;
    confirm.disabled = !valid;
    diffView.scrollIntoView({ block: 'nearest' });
  }

  async function store() {
    confirm.disabled = true;
    try {
      const result = await sendText('PUT', '/api/config', text.value);
      tell(result.message);
      await load();
      await loadBackups();
    } catch (e) {
      tell(`Not saved: ${e.message}`, true);
      confirm.disabled = false;
    }
  }

  async function loadBackups() {
    const list = await getJson('/api/config/backups');
    backups.replaceChildren(...list.map(b => {
      const button = el('button', { type: 'button', 'data-backup': b.name, text: 'Restore' });
      button.addEventListener('click', () => restore(b.name, button));
      return el('tr', {}, el('td', { text: b.name }), el('td', { text: new Date(b.modified).toLocaleString() }),
        el('td', { class: 'num', text: `${b.bytes} B` }), el('td', {}, button));
    }));
    document.getElementById('config-no-backups').hidden = list.length > 0;
  }

  async function restore(name, button) {
    button.disabled = true;
    try {
      const result = await sendText('POST', `/api/config/backups/${encodeURIComponent(name)}/restore`, '');
      tell(result.message);
      await load();
      await loadBackups();
    } catch (e) {
      tell(`${name} was not restored: ${e.message}`, true);
      button.disabled = false;
    }
  }

  text.addEventListener('input', () => {
    renderGutter(new Set());
    clearTimeout(checking);
    // a check still in flight is of the text before this edit: its verdict must not enable Save
    generation++;
    setState('checking', 'checking…');
    checking = setTimeout(check, CHECK_DELAY_MS);
  });
  text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
  review.addEventListener('click', showDiff);
  save.addEventListener('click', showDiff);
  confirm.addEventListener('click', store);
  document.getElementById('config-revert').addEventListener('click', () => { text.value = original; check(); });

  load().then(loadBackups).catch(e => tell(`Cannot read the config: ${e.message}`, true));
}
