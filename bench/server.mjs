// Shared by the API benchmarks: a real `cistern serve` on a port of its own, and JSON requests
// over a keep-alive agent. Not a benchmark itself.
import { spawn } from 'node:child_process';
import http from 'node:http';

/** Starts `cistern serve` on `db`; resolves with the server process and its base URL. */
export async function startServer(bin, db) {
  const server = spawn(bin, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const base = await new Promise((resolve, reject) => {
    let seen = '';
    const listen = (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (!match) return;
      // From here on the server's request log is drained and dropped, not kept and searched.
      server.stdout.off('data', listen);
      server.stdout.on('data', () => {});
      resolve(match[1]);
    };
    server.stdout.on('data', listen);
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { server, base };
}

/** A request function for `base`: (method, path, body?, headers?) → {status, headers, text}. */
export function jsonClient(base, agent) {
  return (method, urlPath, body, headers = {}) => new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(base + urlPath, {
      method, agent,
      headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
    }, (res) => {
      let text = '';
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}
