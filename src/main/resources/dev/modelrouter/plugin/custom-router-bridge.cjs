'use strict';
// Runs a claude-code-router CUSTOM_ROUTER_PATH script for model-router (Java), one process per script.
//
// Usage: node custom-router-bridge.cjs <script path>
//
// Protocol, one JSON object per line, UTF-8:
//   stdout, first line:  {"ready":true} | {"ready":false,"error":"..."}  (then the process exits)
//   stdin:               {"config":{...}}  sets the config passed to the router (normally sent once,
//                                          before any request; may be sent again to replace it)
//                        {"id":n,"req":{"body":{...},"tokenCount":n,"sessionId":"..."},"config":{...}?}
//                                          a per-request "config" overrides the stored one for that call
//   stdout, per request: {"id":n,"model":"provider,model"} | {"id":n,"model":null} | {"id":n,"error":"..."}
// Requests are handled concurrently; answers come in completion order. The process exits when stdin closes.

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

async function load(file) {
  let exported;
  try {
    exported = require(file);
  } catch (error) {
    if (!error || error.code !== 'ERR_REQUIRE_ESM') {
      throw error;
    }
    exported = await import(pathToFileURL(file).href);
  }
  for (const candidate of [exported, exported && exported.router, exported && exported.default,
    exported && exported.default && exported.default.router]) {
    if (typeof candidate === 'function') {
      return candidate;
    }
  }
  throw new Error('the script exports no function (expected module.exports = async function router(req, config) {...})');
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

function serve(router) {
  let config = {};
  const event = new EventEmitter();
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
    if (message.id === undefined) {
      if (message.config !== undefined) {
        config = message.config;
      }
      return;
    }
    const id = message.id;
    const req = Object.assign({}, message.req, { log });
    const callConfig = message.config !== undefined ? message.config : config;
    Promise.resolve()
      .then(() => router(req, callConfig, { event }))
      .then((value) => answer(id, value), (error) => send({ id, error: describe(error) }));
  });
  input.on('close', () => process.exit(0));
}

// ccr would crash on these; one faulty call must not take the other routing calls down with it
process.on('unhandledRejection', (error) => toStderr('custom router: unhandled rejection: ' + describe(error)));
process.on('uncaughtException', (error) => toStderr('custom router: uncaught exception: ' + describe(error)));

const script = process.argv[2];
if (!script) {
  send({ ready: false, error: 'usage: node custom-router-bridge.cjs <script path>' });
  process.exitCode = 2;
} else {
  load(path.resolve(script)).then((router) => {
    send({ ready: true });
    serve(router);
  }, (error) => {
    send({ ready: false, error: describe(error) }, () => process.exit(1));
  });
}
