// Single payments over the API: N concurrent clients posting payments (each with its own
// Idempotency-Key) to a real `cistern serve` on a copy of the demo city. Reports throughput and
// latency at the client. Every acknowledged payment is durable: the server commits (fsync, WAL,
// synchronous=FULL) before it answers.
//
//   node bench/payments_api.mjs [--accounts 100000] [--clients 50] [--payments 10000]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const accounts = Number(args.accounts ?? 100000);
const clients = Number(args.clients ?? 50);
const total = Number(args.payments ?? 10000);
const bin = process.env.CISTERN_BIN ?? path.resolve('build/cistern');
const dir = path.resolve('build/bench');
mkdirSync(dir, { recursive: true });
const city = path.join(dir, `ledger-city-${accounts}.db`);
if (!existsSync(city)) {
  execFileSync(bin, ['demo', '--db', city, '--accounts', String(accounts), '--seed', '1', '--months', '3'], { stdio: 'ignore' });
}
const db = path.join(dir, `api-payments-${accounts}.db`);
for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
execFileSync('sqlite3', [city, `.backup '${db}'`]);

const server = spawn(bin, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
const base = await new Promise((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += chunk;
    const match = seen.match(/listening on (http:\/\/[\d.]+:\d+)/);
    if (match) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
function request(method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
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

try {
  const signIn = await request('POST', '/api/v1/sessions', { username: 'csr', password: 'demo-csr-2026' });
  const session = JSON.parse(signIn.text);
  const cookie = signIn.headers['set-cookie'][0].split(';')[0];
  const headers = { cookie, 'x-csrf-token': session.csrf_token };
  await request('POST', '/api/v1/drawers', { opening_float_cents: 10000 }, headers);
  const ids = JSON.parse((await request('GET', '/api/v1/accounts?page_size=100', undefined, headers)).text)
    .data.filter((account) => account.status !== 'closed').map((account) => account.id);

  const latencies = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const response = await request('POST', '/api/v1/payments', {
        account_id: ids[i % ids.length], amount_cents: 1000 + (i % 5000), tender: 'card',
        card_auth_code: `A${100000 + i}`, card_last4: '4242',
      }, { ...headers, 'idempotency-key': `bench-${i}` });
      latencies.push(performance.now() - t0);
      if (response.status !== 201) failed++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  console.log(JSON.stringify({
    benchmark: 'payments_api', accounts, clients, payments: latencies.length, failed,
    payments_per_second: Math.round(latencies.length / seconds),
    p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), max_ms: latencies.at(-1).toFixed(2),
  }));
} finally {
  server.kill('SIGTERM');
  agent.destroy();
}
