// A billing cycle posted while the counter takes payments: a real `cistern serve` on a copy of a
// prepared city receives payments at --rate per second (an open loop: a payment's latency counts
// from when it was due), and meanwhile cycle --cycle is billed, either by `cistern bill run` in
// another process (default) or by the server itself as the console does it (--in-server).
// Reports how long the billing took and the payments' latency while it ran.
//
//   node bench/billing_under_load.mjs --city FILE [--rate 50] [--cycle 1] [--in-server]
//
// FILE is a demo city with next month's readings imported and the cycle not yet billed, such as
// the copy `READY=FILE bench/billing_run.sh` keeps. It is copied again here, so it can be reused.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';

import { jsonClient, startServer } from './server.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg === '--in-server') pairs.push(['in-server', true]);
  else if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
if (!args.city) throw new Error('--city FILE is required');
const rate = Number(args.rate ?? 50);
const cycle = String(args.cycle ?? '1');
if (!(rate > 0)) throw new Error('--rate must be more than 0');
const bin = process.env.CISTERN_BIN ?? 'build/cistern';
const dir = mkdtempSync(path.join(tmpdir(), 'cistern-load-'));
const db = path.join(dir, 'city.db');
copyFileSync(args.city, db);

// The period the benchmark scripts bill: this month, billed on the first of the next.
const periodEnd = execFileSync('date', ['-d', `${new Date().toISOString().slice(0, 8)}01 +1 month -1 day`, '+%Y-%m-%d']).toString().trim();
const billDate = execFileSync('date', ['-d', `${periodEnd} +1 day`, '+%Y-%m-%d']).toString().trim();

const { server, base } = await startServer(bin, db);
const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
const request = jsonClient(base, agent);
async function signIn(username) {
  const response = await request('POST', '/api/v1/sessions', { username, password: `demo-${username}-2026` });
  const session = JSON.parse(response.text);
  return { cookie: response.headers['set-cookie'][0].split(';')[0], 'x-csrf-token': session.csrf_token };
}

try {
  const csr = await signIn('csr');
  await request('POST', '/api/v1/drawers', { opening_float_cents: 10000 }, csr);
  const ids = execFileSync('sqlite3', [db, "SELECT id FROM accounts WHERE status = 'active' ORDER BY random() LIMIT 5000"])
    .toString().trim().split('\n').map((id) => `acct_${id}`);

  // Payments due at `rate` a second from 10 clients; only those due while billing are counted.
  let stop = false;
  let next = 0;
  let failed = 0;
  let billingFrom = Infinity;
  let billingTo = Infinity;
  const during = [];
  const started = performance.now();
  const client = async () => {
    while (!stop) {
      const i = next++;
      const due = started + (i * 1000) / rate;
      const now = performance.now();
      if (due > now) await new Promise((resolve) => setTimeout(resolve, due - now));
      if (stop) break;
      const response = await request('POST', '/api/v1/payments', {
        account_id: ids[i % ids.length], amount_cents: 1000 + (i % 5000), tender: 'card',
        card_auth_code: `A${100000 + i}`, card_last4: '4242',
      }, { ...csr, 'idempotency-key': `load-${i}` });
      if (response.status !== 201 && failed++ === 0) console.error(`first failure: ${response.status} ${response.text}`);
      if (due >= billingFrom && due < billingTo) during.push(performance.now() - due);
    }
  };
  const clients = Array.from({ length: 10 }, client);
  await new Promise((resolve) => setTimeout(resolve, 1000));  // the counter is busy first

  billingFrom = performance.now();
  let outcome;
  if (args['in-server']) {
    const supervisor = await signIn('supervisor');
    const created = await request('POST', '/api/v1/billing-runs', { cycle, period_end: periodEnd, bill_date: billDate }, supervisor);
    if (created.status !== 201) throw new Error(`creating the run: ${created.status} ${created.text}`);
    const run = JSON.parse(created.text).run ?? JSON.parse(created.text);
    await request('POST', `/api/v1/billing-runs/${run.id}/approve`, {}, supervisor);
    await request('POST', `/api/v1/billing-runs/${run.id}/post`, {}, supervisor);
    for (;;) {
      const view = JSON.parse((await request('GET', `/api/v1/billing-runs/${run.id}?summary=false`, undefined, supervisor)).text);
      if (view.posting?.error) throw new Error(`posting: ${JSON.stringify(view.posting.error)}`);
      if ((view.run ?? view).status === 'posted') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    outcome = 'posted by the server';
  } else {
    outcome = await new Promise((resolve, reject) => {
      const child = spawn(bin, ['bill', 'run', '--db', db, '--cycle', cycle, '--period-end', periodEnd, '--bill-date', billDate], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk) => { text += chunk; });
      child.stderr.on('data', (chunk) => { text += chunk; });
      child.on('exit', (code) => (code === 0 ? resolve(text.trim().split('\n').pop()) : reject(new Error(text))));
    });
  }
  billingTo = performance.now();
  stop = true;
  await Promise.all(clients);
  during.sort((a, b) => a - b);
  const at = (p) => (during.length ? during[Math.min(during.length - 1, Math.floor(p * during.length))].toFixed(1) : null);
  console.log(JSON.stringify({
    benchmark: 'billing_under_load', rate, cycle, billing: args['in-server'] ? 'in the server' : 'cistern bill run',
    billing_seconds: ((billingTo - billingFrom) / 1000).toFixed(2), outcome: outcome.replace(/\(\$[^)]*\) /, ''),
    payments_during: during.length, failed, p50_ms: at(0.5), p99_ms: at(0.99), max_ms: during.length ? during.at(-1).toFixed(1) : null,
  }));
} finally {
  server.kill('SIGTERM');
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
}
