// Search latency at the HTTP client: GET /api/v1/accounts?q=... against a real `cistern serve`
// on a generated demo city, with the queries a CSR types (names letter by letter, streets,
// phones, account numbers). Prints p50/p95/p99/max in milliseconds.
//
//   node bench/search_latency.mjs [--accounts 100000] [--queries 5000] [--concurrency 1]
//
// Uses build/cistern (or $CISTERN_BIN). The city is cached in build/bench/ by size and seed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { startServer } from './server.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, index, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[index + 1]]);
    return pairs;
  }, []));
const accounts = Number(args.accounts ?? 100000);
const queryCount = Number(args.queries ?? 5000);
const concurrency = Number(args.concurrency ?? 1);
const bin = process.env.CISTERN_BIN ?? path.resolve('build/cistern');
const dir = path.resolve('build/bench');
mkdirSync(dir, { recursive: true });
const db = path.join(dir, `city-${accounts}.db`);

if (!existsSync(db)) {
  const started = Date.now();
  execFileSync(bin, ['demo', '--db', db, '--accounts', String(accounts), '--seed', '1', '--months', '3'],
               { stdio: ['ignore', 'inherit', 'ignore'] });
  console.log(`generated ${accounts} accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const { server, base } = await startServer(bin, db);

try {
  const signIn = await fetch(`${base}/api/v1/sessions`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'csr', password: 'demo-csr-2026' }),
  });
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const get = (q) => fetch(`${base}/api/v1/accounts?q=${encodeURIComponent(q)}`, { headers: { cookie } });

  // Real terms from the city itself, so the queries find what a CSR would look for.
  const sample = [];
  for (const letter of 'abcdefghijklmnoprstw') {
    const body = await (await get(letter + 'a')).json();
    sample.push(...body.data);
  }
  const queries = [];
  let seed = 7;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  while (queries.length < queryCount) {
    const account = sample[random(sample.length)];
    const kind = random(6);
    if (kind === 0) {
      const name = account.customer_name.toLowerCase();
      for (let length = 1; length <= Math.min(name.length, 10); ++length) queries.push(name.slice(0, length));
    } else if (kind === 1) {
      queries.push(account.service_address.split(' ').slice(1, 3).join(' '));
    } else if (kind === 2 && account.phone) {
      queries.push(account.phone);
    } else if (kind === 3) {
      queries.push(account.account_number);
    } else if (kind === 4) {
      queries.push(account.customer_name.split(' ').reverse().join(' ').slice(0, 8));
    } else {
      queries.push(account.service_address.split(' ')[0] + ' ' + account.service_address.split(' ')[1].slice(0, 3));
    }
  }
  queries.length = queryCount;

  for (const q of queries.slice(0, 200)) await (await get(q)).arrayBuffer();  // warm-up

  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < queries.length) {
      const q = queries[next++];
      const t0 = performance.now();
      const response = await get(q);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${q}: HTTP ${response.status}`);
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
  console.log(JSON.stringify({
    benchmark: 'search_latency', accounts, queries: latencies.length, concurrency,
    p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), max_ms: latencies.at(-1).toFixed(2),
    requests_per_second: Math.round(latencies.length / seconds),
  }));
} finally {
  server.kill('SIGTERM');
}
