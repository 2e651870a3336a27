#!/usr/bin/env node
// Scripted Anthropic Messages upstream for recording and end-to-end tests. No dependencies.
//
// Usage: node scripts/fake-anthropic-upstream.mjs <port>      (port 0 = pick a free one)
// Prints "listening on http://127.0.0.1:<port>" on stdout once ready.
//
// Env:
//   FAKE_SCRIPT  JSON file: a list of turns served in order to successive main-turn requests.
//                A turn is {"text": "..."} or {"tool_use": {"name": "Bash", "input": {...}}}
//                (both keys together give a text block followed by a tool_use block).
//                After the last turn (or without a script) main turns get FAKE_DEFAULT_TEXT.
//   FAKE_RECORD  file to which every request is appended as one JSON line:
//                {method, path, query, headers (authorization / x-api-key -> "<redacted>"), body}
//   FAKE_DEFAULT_TEXT  text for main turns beyond the script (default "Done.")
//
// Endpoints: HEAD|GET /api/hello -> 200; POST /v1/messages/count_tokens -> {"input_tokens":42};
// POST /v1/messages -> SSE when "stream": true (sequence of protocols.md 1.6), else a JSON message.
// Housekeeping requests (max_tokens 1 = quota probe, or output_config.format = e.g. session title)
// get a short answer without consuming a turn. Anything else -> 404 Anthropic error.
import http from 'node:http';
import fs from 'node:fs';
import zlib from 'node:zlib';

const port = Number(process.argv[2] ?? 0);
const script = process.env.FAKE_SCRIPT ? JSON.parse(fs.readFileSync(process.env.FAKE_SCRIPT, 'utf8')) : [];
if (!Array.isArray(script)) throw new Error('FAKE_SCRIPT must hold a JSON list of turns');
const recordFile = process.env.FAKE_RECORD;
const defaultText = process.env.FAKE_DEFAULT_TEXT ?? 'Done.';
let nextTurn = 0;
let idCounter = 0;

function nextId(prefix) {
  idCounter += 1;
  return `${prefix}_fake${String(idCounter).padStart(20, '0')}`;
}

function redactHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = name === 'authorization' || name === 'x-api-key' ? '<redacted>' : value;
  }
  return out;
}

function decodeBody(raw, encoding) {
  switch ((encoding ?? 'identity').toLowerCase()) {
    case 'gzip': return zlib.gunzipSync(raw);
    case 'deflate': return zlib.inflateSync(raw);
    case 'br': return zlib.brotliDecompressSync(raw);
    case 'zstd':
      if (typeof zlib.zstdDecompressSync === 'function') return zlib.zstdDecompressSync(raw);
      throw new Error('zstd request body needs Node >= 22.15');
    default: return raw;
  }
}

function record(req, url, body) {
  if (!recordFile) return;
  const entry = {
    method: req.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: redactHeaders(req.headers),
    body,
  };
  fs.appendFileSync(recordFile, JSON.stringify(entry) + '\n');
}

// A string that satisfies a simple JSON schema (objects of strings, as the session-title call uses).
function sampleFor(schema) {
  if (!schema || typeof schema !== 'object') return 'Fake';
  switch (schema.type) {
    case 'object': {
      const out = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = sampleFor(sub);
      return out;
    }
    case 'array': return [];
    case 'boolean': return false;
    case 'integer': case 'number': return 0;
    default: return Array.isArray(schema.enum) ? schema.enum[0] : 'Fake session';
  }
}

function blocksFor(body) {
  const format = body.output_config?.format;
  if (format) {
    return [{ type: 'text', text: JSON.stringify(sampleFor(format.schema)) }];
  }
  if (body.max_tokens === 1) {
    return [{ type: 'text', text: 'H' }];
  }
  const turn = nextTurn < script.length ? script[nextTurn++] : { text: defaultText };
  const blocks = [];
  if (turn.text !== undefined) blocks.push({ type: 'text', text: String(turn.text) });
  if (turn.tool_use) {
    blocks.push({ type: 'tool_use', id: nextId('toolu'), name: turn.tool_use.name, input: turn.tool_use.input ?? {} });
  }
  if (blocks.length === 0) throw new Error(`turn ${nextTurn - 1} has neither text nor tool_use`);
  return blocks;
}

function usage(outputTokens) {
  return { input_tokens: 42, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens };
}

function sendJson(res, status, payload) {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': nextId('req') });
  res.end(text);
}

// Splits a string into up to three pieces so clients see more than one delta.
function chunks(text) {
  if (text.length < 3) return [text];
  const a = Math.floor(text.length / 3);
  const b = Math.floor((2 * text.length) / 3);
  return [text.slice(0, a), text.slice(a, b), text.slice(b)];
}

function sendStream(res, model, blocks) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'request-id': nextId('req'),
  });
  const event = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event('message_start', {
    message: {
      id: nextId('msg'), type: 'message', role: 'assistant', model, content: [],
      stop_reason: null, stop_sequence: null, usage: usage(1),
    },
  });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const piece of chunks(block.text)) {
        event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
      }
    } else {
      event('content_block_start', {
        index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      for (const piece of chunks(JSON.stringify(block.input))) {
        event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
    }
    event('content_block_stop', { index });
  });
  event('message_delta', {
    delta: { stop_reason: stopReason(blocks), stop_sequence: null },
    usage: { output_tokens: 7 },
  });
  event('message_stop', {});
  res.end();
}

function stopReason(blocks) {
  return blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

function notFound(res, url) {
  sendJson(res, 404, {
    type: 'error',
    error: { type: 'not_found_error', message: `fake upstream has no ${url.pathname}` },
    request_id: nextId('req'),
  });
}

const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const url = new URL(req.url, 'http://fake');
    let body = null;
    try {
      const raw = decodeBody(Buffer.concat(parts), req.headers['content-encoding']);
      if (raw.length > 0) {
        const text = raw.toString('utf8');
        try { body = JSON.parse(text); } catch { body = text; }
      }
      record(req, url, body);
      if ((req.method === 'HEAD' || req.method === 'GET') && url.pathname === '/api/hello') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(req.method === 'HEAD' ? undefined : '{}');
      } else if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        sendJson(res, 200, { input_tokens: 42 });
      } else if (req.method === 'POST' && url.pathname === '/v1/messages' && body && typeof body === 'object') {
        const model = body.model ?? 'unknown';
        const blocks = blocksFor(body);
        if (body.stream === true) {
          sendStream(res, model, blocks);
        } else {
          sendJson(res, 200, {
            id: nextId('msg'), type: 'message', role: 'assistant', model, content: blocks,
            stop_reason: stopReason(blocks), stop_sequence: null, usage: usage(7),
          });
        }
      } else {
        notFound(res, url);
      }
    } catch (err) {
      console.error(err);
      sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(err.message ?? err) } });
    }
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
