'use strict';
// The one Node.js process of a model-router daemon (Java): it hosts the claude-code-router
// CUSTOM_ROUTER_PATH scripts and JS transformers together, so that a router script loaded again (an
// edit, a reload) never restarts node and the transformers keep their in-memory state.
//
// Usage: node custom-router-bridge.cjs
//
// Protocol, one JSON object per line, UTF-8:
//   stdout, first line:  {"ready":true}
//   stdin:               {"op":"router","id":n,"key":k,"path":"/abs/router.js","config":{...}}
//                                          loads (again: the file's require cache is cleared) a router
//                                          script under key k, replacing the one k had; "path":null drops k
//   stdout:              {"id":n,"ok":true} | {"id":n,"error":"..."}   (no answer without an "id")
//   stdin, per request:  {"id":n,"key":k,"req":{"body":{...},"tokenCount":n,"sessionId":"..."},"config":{...}?}
//                                          a per-request "config" overrides k's for that call; a request
//                                          sent right after its router's load waits for the load
//   stdout, per request: {"id":n,"model":"provider,model"} | {"id":n,"model":null} | {"id":n,"error":"..."}
// Requests are handled concurrently; answers come in completion order. The process exits when stdin closes.
// Other lines with an "op" drive claude-code-router JS transformers (see below).

const path = require('node:path');
const util = require('node:util');
const readline = require('node:readline');
const { EventEmitter } = require('node:events');
const { pathToFileURL } = require('node:url');

// stdout carries the protocol; everything the script prints goes to stderr, which the host logs.
const protocolWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, encoding, callback) => process.stderr.write(chunk, encoding, callback);
const toStderr = (...args) => { process.stderr.write(util.format(...args) + '\n'); };
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir']) {
  console[level] = toStderr;
}

function send(message, callback) {
  protocolWrite(JSON.stringify(message) + '\n', callback);
}

function describe(error) {
  if (error instanceof Error) {
    // a SyntaxError's message lacks the place; the first stack line is "<file>:<line>"
    const where = error instanceof SyntaxError && typeof error.stack === 'string'
      ? error.stack.split('\n')[0] + ': ' : '';
    return where + error.name + ': ' + error.message;
  }
  return String(error);
}

// ccr hands scripts its Fastify request, whose pino logger scripts may call
const log = {};
for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) {
  log[level] = (...args) => toStderr('[' + level + ']', ...args);
}
log.child = () => log;

let loads = 0;

async function load(file) {
  let exported;
  try {
    // a router loaded again must run the file's new text
    delete require.cache[require.resolve(file)];
    exported = require(file);
  } catch (error) {
    if (!error || error.code !== 'ERR_REQUIRE_ESM') {
      throw error;
    }
    exported = await import(pathToFileURL(file).href + '?load=' + (++loads));
  }
  for (const candidate of [exported, exported && exported.router, exported && exported.default,
    exported && exported.default && exported.default.router]) {
    if (typeof candidate === 'function') {
      return candidate;
    }
  }
  throw new Error('the script exports no function (expected module.exports = async function router(req, config) {...})');
}

// router scripts by key: the promise of the loaded function, and the config passed as its second argument
const routers = new Map();

function loadRouter(message) {
  const id = message.id;
  if (message.path === null || message.path === undefined) {
    routers.delete(message.key);
    if (id !== undefined) {
      send({ id, ok: true });
    }
    return;
  }
  const file = path.resolve(message.path);
  const loading = Promise.resolve().then(() => load(file));
  routers.set(message.key, { loading, config: message.config !== undefined ? message.config : {} });
  loading.then(() => {
    if (id !== undefined) {
      send({ id, ok: true });
    }
  }, (error) => {
    toStderr('custom router ' + file + ': failed to load: ' + describe(error));
    if (id !== undefined) {
      send({ id, error: describe(error) });
    }
  });
}

function route(message) {
  const id = message.id;
  const entry = routers.get(message.key);
  if (!entry) {
    send({ id, error: 'no router script is loaded as ' + message.key });
    return;
  }
  const req = Object.assign({}, message.req, { log });
  const callConfig = message.config !== undefined ? message.config : entry.config;
  entry.loading
    .then((router) => router(req, callConfig, { event: routerEvents }))
    .then((value) => answer(id, value), (error) => send({ id, error: describe(error) }));
}

function answer(id, value) {
  if (value === null || value === undefined || value === '') {
    send({ id, model: null });
  } else if (typeof value === 'string') {
    send({ id, model: value });
  } else {
    send({ id, error: 'the router returned ' + typeof value + ', expected a "provider,model" string or null' });
  }
}

const routerEvents = new EventEmitter();

function serve() {
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', (line) => {
    if (line.trim() === '') {
      return;
    }
    let message;
    try {
      message = JSON.parse(line);
    } catch (error) {
      toStderr('custom-router-bridge: ignoring a line that is not JSON: ' + error.message);
      return;
    }
    if (message.op === 'router') {
      loadRouter(message);
    } else if (message.op !== undefined) {
      transformers.handle(message);
    } else if (message.id !== undefined) {
      route(message);
    }
  });
  input.on('close', () => process.exit(0));
}

// ccr would crash on these; one faulty call must not take the other routing calls down with it
process.on('unhandledRejection', (error) => toStderr('custom router: unhandled rejection: ' + describe(error)));
process.on('uncaughtException', (error) => toStderr('custom router: uncaught exception: ' + describe(error)));

// claude-code-router JS transformers ("transformers": [{"path", "options"}] in config.json), hosted as in
// ccr: require(path), new Cls(options) (or the exported instance), hooks called with ccr's shapes.
//   stdin  {"op":"load","id":n,"key":k,"path":"/abs/file.js","options":{}}
//   stdout {"id":n,"name":"...","endPoint":"..."|null,"hooks":["transformRequestIn",...]} | {"id":n,"error":"..."}
//   stdin  {"op":"unload","key":k}                                  (no answer)
//   stdin  {"op":"requestIn","id":n,"key":k,"body":{...},"provider":{...}}
//   stdout {"id":n,"body":{...},"config":{"url":"...","headers":{...}}}  | {"id":n,"error":"..."}
//   stdin  {"op":"responseOut","id":n,"keys":[k,...],"status":200,"headers":{...}}, then
//          {"op":"chunk","id":n,"data":"<base64>"}... and {"op":"end","id":n}
//   stdout {"id":n,"head":{"status":200,"headers":{...}}}, {"id":n,"data":"<base64>"}..., {"id":n,"end":true}
//          | {"id":n,"error":"..."} at any point
// A file whose modification time changed since it was loaded is loaded again before its next call.
const fs = require('node:fs');
const loaded = new Map();
const upstreamBodies = new Map();

function construct(file, options) {
  const resolved = require.resolve(file);
  delete require.cache[resolved];
  let exported = require(resolved);
  if (exported && typeof exported === 'object' && exported.default !== undefined && typeof exported !== 'function') {
    exported = exported.default;
  }
  let instance;
  if (typeof exported === 'function') {
    instance = new exported(options || {});
  } else if (exported && typeof exported === 'object') {
    instance = exported;
  } else {
    throw new Error('the file exports no transformer class (expected module.exports = class { name = "..."; ... })');
  }
  const name = instance.name || (typeof exported === 'function' && exported.TransformerName);
  if (typeof name !== 'string' || name === '') {
    throw new Error('the transformer has no name');
  }
  return instance;
}

function fresh(entry) {
  const mtime = fs.statSync(entry.path).mtimeMs;
  if (mtime !== entry.mtime) {
    entry.instance = construct(entry.path, entry.options);
    entry.mtime = mtime;
  }
  return entry.instance;
}

function loadEntry(message) {
  const entry = { path: message.path, options: message.options || {}, mtime: fs.statSync(message.path).mtimeMs };
  entry.instance = construct(entry.path, entry.options);
  loaded.set(message.key, entry);
  const hooks = ['transformRequestIn', 'transformRequestOut', 'transformResponseIn', 'transformResponseOut', 'auth']
    .filter((hook) => typeof entry.instance[hook] === 'function');
  return { name: entry.instance.name, endPoint: entry.instance.endPoint || null, hooks };
}

function headersObject(headers) {
  const out = {};
  if (!headers) {
    return out;
  }
  if (typeof headers.forEach === 'function' && !Array.isArray(headers)) {
    headers.forEach((value, key) => { out[key] = String(value); });
    return out;
  }
  for (const [key, value] of Object.entries(headers)) {
    out[key] = value === undefined || value === null ? null : String(value);
  }
  return out;
}

function context(body) {
  return { req: { body, headers: {}, log: bridgeLog, id: undefined } };
}

async function requestIn(message) {
  const entry = loaded.get(message.key);
  const instance = fresh(entry);
  if (typeof instance.transformRequestIn !== 'function') {
    return { body: message.body, config: {} };
  }
  const out = await instance.transformRequestIn(message.body, message.provider, context(message.body));
  if (out && typeof out === 'object' && out.body !== undefined) {
    const config = out.config || {};
    return {
      body: out.body,
      config: { url: config.url ? String(config.url) : null, headers: headersObject(config.headers) },
    };
  }
  return { body: out, config: {} };
}

function upstreamResponse(message) {
  let controller;
  const stream = new ReadableStream({ start(c) { controller = c; } });
  upstreamBodies.set(message.id, controller);
  return new Response(stream, { status: message.status, headers: message.headers || {} });
}

async function responseOut(message, upstream) {
  const id = message.id;
  let response = upstream;
  for (const key of message.keys) {
    const instance = fresh(loaded.get(key));
    if (typeof instance.transformResponseOut === 'function') {
      response = await instance.transformResponseOut(response, context(undefined));
    }
  }
  if (!response || typeof response.status !== 'number') {
    throw new Error('transformResponseOut returned ' + typeof response + ', expected a Response');
  }
  bridgeSend({ id, head: { status: response.status, headers: headersObject(response.headers) } });
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      bridgeSend({ id, data: bytes.toString('base64') });
    }
  }
  bridgeSend({ id, end: true });
}

let bridgeSend;
let bridgeDescribe;
let bridgeLog;

function where(message) {
  const entry = message.key !== undefined ? loaded.get(message.key) : undefined;
  return entry ? entry.path : message.path;
}

function handleTransformer(message) {
  const id = message.id;
  const fail = (error, file) => bridgeSend({ id, error: (file ? file + ': ' : '') + bridgeDescribe(error) });
  switch (message.op) {
    case 'load':
      Promise.resolve().then(() => loadEntry(message))
        .then((answer) => bridgeSend(Object.assign({ id }, answer)), (error) => fail(error, message.path));
      return;
    case 'unload':
      loaded.delete(message.key);
      return;
    case 'requestIn':
      Promise.resolve().then(() => requestIn(message))
        .then((answer) => bridgeSend(Object.assign({ id }, answer)), (error) => fail(error, where(message)));
      return;
    case 'responseOut': {
      const file = message.keys.map((key) => loaded.get(key)).filter(Boolean).map((e) => e.path).join(', ');
      // the body's chunks may be on the next lines of this very read: its stream must exist before they are
      const upstream = upstreamResponse(message);
      Promise.resolve().then(() => responseOut(message, upstream))
        .catch((error) => fail(error, file))
        .finally(() => upstreamBodies.delete(id));
      return;
    }
    case 'chunk': {
      const controller = upstreamBodies.get(id);
      if (controller) {
        try { controller.enqueue(new Uint8Array(Buffer.from(message.data, 'base64'))); } catch (ignored) { /* closed */ }
      }
      return;
    }
    case 'end': {
      const controller = upstreamBodies.get(id);
      if (controller) {
        try { controller.close(); } catch (ignored) { /* the transformer cancelled it */ }
      }
      return;
    }
    case 'cancel': {
      const controller = upstreamBodies.get(id);
      if (controller) {
        try { controller.error(new Error('the client went away')); } catch (ignored) { /* already closed */ }
      }
      return;
    }
    default:
      fail(new Error('unknown op ' + message.op));
  }
}

const transformers = {
  handle: (message) => {
    bridgeSend = send;
    bridgeDescribe = describe;
    bridgeLog = log;
    handleTransformer(message);
  },
};

send({ ready: true });
serve();
