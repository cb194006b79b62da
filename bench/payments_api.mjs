// Single payments over the API: N concurrent clients posting payments (each with its own
// Idempotency-Key) to a real `cistern serve` on a copy of the demo city. Reports throughput and
// latency at the client. Every acknowledged payment is durable: the server commits (fsync, WAL,
// synchronous=FULL) before it answers. The payments go to --spread different accounts.
//
// Two ways to load the server:
// - flat out (default): each client posts its next payment as soon as the last is answered, so
//   the result is the most the server takes; with a fixed number of clients the average latency
//   is then clients / throughput, whatever the server does.
// - --rate R: payments are due at R per second in all, spread evenly over the clients (an open
//   loop, as a counter full of CSRs behaves). A payment's latency counts from when it was due,
//   so a server that falls behind is charged for the wait too (no "coordinated omission").
//
//   node bench/payments_api.mjs [--accounts 100000] [--clients 50] [--payments 10000]
//                               [--spread 10000] [--rate R] [--warmup 1000]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';

import { jsonClient, startServer } from './server.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const accounts = Number(args.accounts ?? 100000);
const clients = Number(args.clients ?? 50);
const total = Number(args.payments ?? 10000);
const spread = Number(args.spread ?? 10000);
const rate = args.rate === undefined ? 0 : Number(args.rate);
const warmup = Number(args.warmup ?? 1000);
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

const { server, base } = await startServer(bin, db);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const request = jsonClient(base, agent);

try {
  const signIn = await request('POST', '/api/v1/sessions', { username: 'csr', password: 'demo-csr-2026' });
  const session = JSON.parse(signIn.text);
  const cookie = signIn.headers['set-cookie'][0].split(';')[0];
  const headers = { cookie, 'x-csrf-token': session.csrf_token };
  await request('POST', '/api/v1/drawers', { opening_float_cents: 10000 }, headers);
  // Accounts spread over the whole city (every k-th open account), read from the database.
  const ids = execFileSync('sqlite3', [db,
    `SELECT id FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM accounts
     WHERE status IN ('active', 'final'))
     WHERE n % MAX(1, (SELECT COUNT(*) FROM accounts WHERE status IN ('active', 'final')) / ${spread}) = 0
     LIMIT ${spread}`]).toString().trim().split('\n').map((id) => `acct_${id}`);

  // The server's CPU time (user + system, all threads) from /proc, in clock ticks of 10 ms.
  const serverCpuTicks = () => {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  // Posts `count` payments (keys `${prefix}-${i}`), flat out or at `rate` per second.
  async function post(count, prefix) {
    const latencies = [];
    let next = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < count) {
        const i = next++;
        let t0 = performance.now();
        if (rate > 0) {
          // Payment i is due at i / rate seconds; the latency starts then, not when sent.
          const due = started + (i * 1000) / rate;
          if (due > t0) await new Promise((resolve) => setTimeout(resolve, due - t0));
          t0 = due;
        }
        const response = await request('POST', '/api/v1/payments', {
          account_id: ids[i % ids.length], amount_cents: 1000 + (i % 5000), tender: 'card',
          card_auth_code: `A${100000 + i}`, card_last4: '4242',
        }, { ...headers, 'idempotency-key': `${prefix}-${i}` });
        latencies.push(performance.now() - t0);
        if (response.status !== 201 && failed++ === 0) {
          console.error(`first failure: ${response.status} ${response.text}`);
        }
      }
    }));
    return { latencies, failed, seconds: (performance.now() - started) / 1000 };
  }

  // A warm-up opens every client's connection and warms the server's caches; it is not counted.
  await post(warmup, 'warm-up');
  const cpuBefore = serverCpuTicks();
  const { latencies, failed, seconds } = await post(total, 'bench');
  const serverCpuMs = (serverCpuTicks() - cpuBefore) * 10;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  console.log(JSON.stringify({
    benchmark: 'payments_api', accounts, clients, spread: ids.length, rate: rate || 'flat out',
    warmup, payments: latencies.length, failed,
    payments_per_second: Math.round(latencies.length / seconds),
    p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), max_ms: latencies.at(-1).toFixed(2),
    server_cpu_us_per_payment: Math.round((serverCpuMs * 1000) / latencies.length),
  }));
} finally {
  server.kill('SIGTERM');
  agent.destroy();
}
