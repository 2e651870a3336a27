// Posts a body of 4 MiB (declared with its length, or chunked) and prints, as one JSON line, the
// answer's status and body, or the error Node's http client reported.
const http = require('http');
const [port, path, mode] = process.argv.slice(2);
const total = Number(process.argv[5] || 4 * 1024 * 1024);
const chunk = Buffer.alloc(64 * 1024, 0x61);
const headers = {'content-type': 'application/json'};
if (mode === 'length') {
  headers['content-length'] = total;
}
let done = false;
function finish(out) {
  if (!done) {
    done = true;
    console.log(JSON.stringify(out));
    process.exit(0);
  }
}
const req = http.request({host: '127.0.0.1', port: Number(port), path, method: 'POST', headers});
req.on('response', res => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', d => body += d);
  res.on('end', () => finish({status: res.statusCode, body}));
  res.on('error', e => finish({error: e.code || String(e)}));
});
req.on('error', e => finish({error: e.code || String(e)}));
let sent = 0;
function write() {
  while (sent < total) {
    sent += chunk.length;
    if (!req.write(chunk)) {
      req.once('drain', write);
      return;
    }
  }
  req.end();
}
write();
setTimeout(() => finish({error: 'no answer in 30 s'}), 30000).unref();
