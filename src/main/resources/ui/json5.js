// config.json as one document for both editor views: a JSON5 parser that remembers where each value
// sits in the text, and edits that splice only the changed value's characters, so comments, key order
// and formatting elsewhere survive (as RouteEdit does on the daemon's side).

/**
 * Parses JSON5 text into nodes {kind, value, start, end}; objects carry `members`
 * [{key, keyStart, node}], arrays `items` [node]. Throws Error with `offset` on bad text.
 */
export function parse(text) {
  let at = 0;
  const fail = (message) => { const e = new Error(`${message} at offset ${at}`); e.offset = at; throw e; };

  function blank() {
    for (;;) {
      const c = text[at];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF' || c === '\u00A0' || c === '\u2028' || c === '\u2029') at++;
      else if (c === '/' && text[at + 1] === '/') { while (at < text.length && text[at] !== '\n') at++; }
      else if (c === '/' && text[at + 1] === '*') { const end = text.indexOf('*/', at + 2); if (end < 0) fail('unclosed comment'); at = end + 2; }
      else return;
    }
  }

  function string() {
    const quote = text[at++];
    let out = '';
    for (;;) {
      if (at >= text.length) fail('unclosed string');
      const c = text[at++];
      if (c === quote) return out;
      if (c === '\n') fail('line break in a string');
      if (c !== '\\') { out += c; continue; }
      const e = text[at++];
      const simple = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', 0: '\0' }[e];
      if (simple !== undefined) out += simple;
      else if (e === 'u') { out += String.fromCharCode(parseInt(text.slice(at, at + 4), 16)); at += 4; }
      else if (e === 'x') { out += String.fromCharCode(parseInt(text.slice(at, at + 2), 16)); at += 2; }
      else if (e === '\r') { if (text[at] === '\n') at++; }
      else if (e !== '\n' && e !== '\u2028' && e !== '\u2029') out += e;
    }
  }

  const NUMBER = /[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
  const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;

  function value() {
    blank();
    const start = at;
    const c = text[at];
    if (c === '{') return object(start);
    if (c === '[') return array(start);
    if (c === '"' || c === "'") { const v = string(); return { kind: 'string', value: v, start, end: at }; }
    WORD.lastIndex = at;
    const word = WORD.exec(text);
    if (word && ['true', 'false', 'null'].includes(word[0])) {
      at += word[0].length;
      return { kind: word[0] === 'null' ? 'null' : 'boolean', value: word[0] === 'null' ? null : word[0] === 'true', start, end: at };
    }
    NUMBER.lastIndex = at;
    const n = NUMBER.exec(text);
    if (n) { at += n[0].length; return { kind: 'number', value: Number(n[0].replace(/^\+/, '')), start, end: at }; }
    return fail('expected a value');
  }

  function object(start) {
    at++;
    const members = [];
    for (;;) {
      blank();
      if (text[at] === '}') { at++; break; }
      const keyStart = at;
      let key;
      if (text[at] === '"' || text[at] === "'") key = string();
      else { WORD.lastIndex = at; const w = WORD.exec(text); if (!w) fail('expected a key'); key = w[0]; at += w[0].length; }
      blank();
      if (text[at++] !== ':') { at--; fail('expected ":"'); }
      members.push({ key, keyStart, node: value() });
      blank();
      if (text[at] === ',') { at++; continue; }
      if (text[at] === '}') { at++; break; }
      fail('expected "," or "}"');
    }
    return { kind: 'object', members, start, end: at, get value() { return Object.fromEntries(members.map(m => [m.key, m.node.value])); } };
  }

  function array(start) {
    at++;
    const items = [];
    for (;;) {
      blank();
      if (text[at] === ']') { at++; break; }
      items.push(value());
      blank();
      if (text[at] === ',') { at++; continue; }
      if (text[at] === ']') { at++; break; }
      fail('expected "," or "]"');
    }
    return { kind: 'array', items, start, end: at, get value() { return items.map(i => i.value); } };
  }

  const root = value();
  blank();
  if (at < text.length) fail('text after the end');
  return root;
}

/** The node at `path` (keys and indices), or undefined. */
export function find(root, path) {
  let node = root;
  for (const step of path) {
    if (!node) return undefined;
    if (node.kind === 'object') node = node.members.find(m => m.key === step)?.node;
    else if (node.kind === 'array' && typeof step === 'number') node = node.items[step];
    else return undefined;
  }
  return node;
}

/** The daemon validator's spelling of a path: $.Providers[0].name, $['odd key']. */
export function pathText(path) {
  return path.reduce((out, step) => typeof step === 'number' ? `${out}[${step}]`
    : /^[A-Za-z_][A-Za-z0-9_]*$/.test(step) ? `${out}.${step}` : `${out}['${step.replace(/[\\']/g, c => `\\${c}`)}']`, '$');
}

function indentAt(text, offset) {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))[0];
}

/** `value` as JSON, objects and arrays of several entries spread over lines under `indent`. */
function flat(value) {
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${flat(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}

function render(value, indent) {
  const one = flat(value);
  if (one.length <= 72 || value === null || typeof value !== 'object') return one;
  return JSON.stringify(value, null, 2).split('\n').join(`\n${indent}`);
}

/** Text with the value at `path` set to `value`; missing objects on the way are created. */
export function setValue(text, path, value) {
  const root = parse(text);
  const node = find(root, path);
  if (node) return text.slice(0, node.start) + render(value, indentAt(text, node.start)) + text.slice(node.end);
  let depth = path.length - 1;
  let wrapped = value;
  while (depth > 0 && !find(root, path.slice(0, depth))) { wrapped = { [path[depth]]: wrapped }; depth--; }
  const parent = find(root, path.slice(0, depth));
  if (!parent || parent.kind !== 'object') throw new Error(`${pathText(path.slice(0, depth))} is not an object`);
  return insert(text, parent, `${JSON.stringify(path[depth])}: `, wrapped);
}

/** Text with `value` appended to the array at `path` (made when missing). */
export function append(text, path, value) {
  const node = find(parse(text), path);
  if (!node) return setValue(text, path, [value]);
  if (node.kind !== 'array') throw new Error(`${pathText(path)} is not a list`);
  return insert(text, node, '', value);
}

function insert(text, parent, prefix, value) {
  const entries = parent.kind === 'object' ? parent.members.map(m => ({ start: m.keyStart, end: m.node.end })) : parent.items;
  if (!entries.length) {
    const inner = indentAt(text, parent.start) + '  ';
    const multi = text.slice(parent.start, parent.end).includes('\n');
    const piece = prefix + render(value, inner);
    return text.slice(0, parent.start + 1) + (multi ? `\n${inner}${piece}` : piece) + text.slice(parent.start + 1);
  }
  const last = entries[entries.length - 1];
  const sameLine = entries.length > 1 && !text.slice(entries[0].start, last.start).includes('\n');
  const indent = indentAt(text, last.start);
  const gap = sameLine || !text.slice(parent.start, last.start).includes('\n') ? ' ' : `\n${indent}`;
  return `${text.slice(0, last.end)},${gap}${prefix}${render(value, indent)}${text.slice(last.end)}`;
}

/** Where the whitespace and comments from `i` on end. */
function skipBlank(text, i) {
  for (;;) {
    const rest = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(text.slice(i, i + 4096));
    if (!rest) return i;
    i += rest[0].length;
  }
}

/** Text without the member or item at `path`, and without the comma that separated it. */
export function remove(text, path) {
  const parent = find(parse(text), path.slice(0, -1));
  const step = path[path.length - 1];
  if (!parent) return text;
  const entries = parent.kind === 'object' ? parent.members.map(m => ({ key: m.key, start: m.keyStart, end: m.node.end }))
    : parent.kind === 'array' ? parent.items.map((n, i) => ({ key: i, start: n.start, end: n.end })) : [];
  const index = entries.findIndex(e => e.key === step);
  if (index < 0) return text;
  let { start, end } = entries[index];
  const after = skipBlank(text, end);
  let out = text;
  if (text[after] === ',') end = after + 1;
  else if (index > 0) {
    const before = skipBlank(text, entries[index - 1].end);
    out = text.slice(0, before) + text.slice(before + 1);
    start--;
    end--;
  }
  // An entry alone on its lines goes with its lines (and its own trailing comment).
  const lineStart = out.lastIndexOf('\n', start - 1) + 1;
  const tail = /^[ \t]*(?:\/\/[^\n]*)?\n/.exec(out.slice(end));
  if (/^[ \t]*$/.test(out.slice(lineStart, start)) && tail) { start = lineStart; end += tail[0].length; }
  else if (text[after] !== ',') { while (/[ \t]/.test(out[start - 1] ?? '')) start--; }
  else { while (/[ \t]/.test(out[end] ?? '')) end++; }
  return out.slice(0, start) + out.slice(end);
}

/** Text with the array items at `path` reordered: item `from` moved to index `to`. */
export function move(text, path, from, to) {
  const node = find(parse(text), path);
  if (!node || node.kind !== 'array' || to < 0 || to >= node.items.length) return text;
  const pieces = node.items.map(i => text.slice(i.start, i.end));
  const [moved] = pieces.splice(from, 1);
  pieces.splice(to, 0, moved);
  let out = text;
  for (let i = node.items.length - 1; i >= 0; i--) out = out.slice(0, node.items[i].start) + pieces[i] + out.slice(node.items[i].end);
  return out;
}
