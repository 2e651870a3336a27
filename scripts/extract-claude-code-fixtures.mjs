#!/usr/bin/env node
// Turns request recordings of scripts/fake-anthropic-upstream.mjs into fixture files.
//
// Usage: node scripts/extract-claude-code-fixtures.mjs <print.jsonl> <tui.jsonl|-> <scratch-home> <out-dir>
//
// print.jsonl: the `claude -p` tool loop (main turn, tool-result turn).
// tui.jsonl:   the interactive session (HEAD /api/hello, title call, main turn, count_tokens,
//              max_tokens-1 probe after /model); "-" when it was not recorded.
// Every occurrence of <scratch-home> (plain, and in Claude Code's dash-encoded project form) is
// replaced by /home/user, and the Host header by a fixed 127.0.0.1:3456.
import fs from 'node:fs';
import path from 'node:path';

const [printFile, tuiFile, scratchHome, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: extract-claude-code-fixtures.mjs <print.jsonl> <tui.jsonl|-> <scratch-home> <out-dir>');
  process.exit(2);
}

const encodedHome = scratchHome.replace(/[^a-zA-Z0-9]/g, '-');

function scrub(value) {
  return JSON.parse(
    JSON.stringify(value).split(scratchHome).join('/home/user').split(encodedHome).join('-home-user'),
  );
}

function load(file) {
  if (!file || file === '-' || !fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const isCount = (r) => r.method === 'POST' && r.path === '/v1/messages/count_tokens';
const isMessages = (r) => r.method === 'POST' && r.path === '/v1/messages';
const isProbe = (r) => isMessages(r) && r.body?.max_tokens === 1;
const isTitle = (r) => isMessages(r) && r.body?.output_config?.format !== undefined;
const isMain = (r) => isMessages(r) && !isProbe(r) && !isTitle(r);
const endsWithToolResult = (r) => {
  const last = r.body.messages.at(-1);
  return Array.isArray(last?.content) && last.content.some((b) => b.type === 'tool_result');
};

const print = load(printFile);
const tui = load(tuiFile);
const picks = [
  ['main-turn', print.find((r) => isMain(r) && !endsWithToolResult(r))],
  ['tool-result-turn', print.find((r) => isMain(r) && endsWithToolResult(r))],
  ['tui-main-turn', tui.find((r) => isMain(r) && !endsWithToolResult(r))],
  ['title', tui.find(isTitle)],
  ['quota-probe', tui.find(isProbe)],
  ['count-tokens', tui.find((r) => isCount(r) && r.body.tools?.length === 0)],
  ['count-tokens-tool', tui.find((r) => isCount(r) && r.body.tools?.length === 1)],
  ['api-hello', tui.find((r) => r.path === '/api/hello')],
];

fs.mkdirSync(outDir, { recursive: true });
for (const [name, record] of picks) {
  if (!record) {
    console.error(`extract: no ${name} request recorded`);
    continue;
  }
  const clean = scrub(record);
  clean.headers.host = '127.0.0.1:3456';
  const headers = { method: clean.method, path: clean.path, query: clean.query, headers: clean.headers };
  fs.writeFileSync(path.join(outDir, `${name}.headers.json`), JSON.stringify(headers, null, 2) + '\n');
  if (clean.body !== null) {
    fs.writeFileSync(path.join(outDir, `${name}.request.json`), JSON.stringify(clean.body, null, 2) + '\n');
  }
  console.log(`extract: ${name} <- ${record.method} ${record.path}`);
}

// A summary of everything seen, to check the README's counts against.
const summary = (records) => {
  const counts = {};
  for (const r of records) {
    const kind = r.path === '/v1/messages'
      ? (isProbe(r) ? 'messages:probe' : isTitle(r) ? 'messages:title' : 'messages:main')
      : `${r.method} ${r.path}`;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
};
fs.writeFileSync(
  path.join(outDir, 'recording-summary.json'),
  JSON.stringify({ print: summary(print), tui: summary(tui) }, null, 2) + '\n',
);
