// Restart safety of `cistern bill run`, proved with real process kills: a run killed (SIGKILL) in
// the middle of posting and run again bills every billable account exactly once, a third run posts
// nothing, and the ledger still checks out (src/app/billing.h: "restart-safe: a run bills an
// account at most once, and a killed run resumes").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { BIN, Client, signedIn, assertStatus, show, searchAll, listAll, cityToday, addDays } from './harness.mjs';

const ACCOUNTS = 3000;
const SEED = 7;
const CYCLE = '1';
const CHUNK = 100;
const HEADER = 'route,sequence,meter_serial,read_date,reading,read_code,reader';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const dir = mkdtempSync(path.join(os.tmpdir(), 'cistern-billcli-'));
const children = new Set();
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function run(args, timeout = 60_000) {
  const result = spawnSync(BIN, args, { encoding: 'utf8', timeout });
  if (result.error) throw new Error(`cannot run ${BIN} ${args.join(' ')}: ${result.error.message}`);
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr,
    text: `$ cistern ${args.join(' ')}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}` };
}

function lastDayOfMonth(dateText) {
  const [y, m] = dateText.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
const daysBetween = (from, to) => Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);

async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// `cistern serve` on an existing database; resolves once it listens.
function serve(db, billing) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--db', db, '--billing', billing, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const server = { child, url: null, tail: () => output.slice(-4000) };
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve did not listen\n${output}`)); }, 20_000);
    child.stdout.on('data', (d) => {
      output += d.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match && !server.url) {
        clearTimeout(timer);
        server.url = match[1];
        resolve(server);
      }
    });
    child.stderr.on('data', (d) => { output += d.toString(); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!server.url) reject(new Error(`serve exited early (${code}, ${signal})\n${output}`));
    });
    server.stop = () => new Promise((done, fail) => {
      if (child.exitCode !== null) { done(child.exitCode); return; }
      const kill = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`serve ignored SIGTERM\n${output}`)); }, 10_000);
      child.once('exit', (code) => { clearTimeout(kill); done(code); });
      child.kill('SIGTERM');
    });
  });
}

// Spawns `cistern bill run` and SIGKILLs it delayMs after it printed its preview summary, that is
// once approval and posting are under way (unless it finished first). Timing from the summary
// rather than from the spawn keeps the kills inside the posting, which takes only tens of
// milliseconds here.
function billRunKilledAfter(args, delayMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    let timer = null;
    child.stdout.on('data', (d) => {
      output += d.toString();
      if (timer === null && /billable \d+/.test(output)) {
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d) => { output += d.toString(); });
    child.on('error', (err) => { if (timer) clearTimeout(timer); reject(err); });
    child.on('exit', (code, signal) => { if (timer) clearTimeout(timer); resolve({ code, signal, output }); });
  });
}

// The preview of the existing run, read with `bill run --preview` (posts nothing).
function previewCounts(billArgs) {
  const preview = run([...billArgs, '--preview']);
  assert.equal(preview.code, 0, preview.text);
  const match = /accounts (\d+), billable (\d+), already billed (\d+), held back (\d+)/.exec(preview.stdout);
  assert.ok(match, `no summary line in the preview:\n${preview.text}`);
  const [accounts, billable, alreadyBilled, blocked] = match.slice(1).map(Number);
  return { accounts, billable, alreadyBilled, blocked, text: preview.text };
}

test('a billing run killed mid-posting and run again bills every account exactly once', { timeout: 120_000 }, async (t) => {
  const started = Date.now();
  const db = path.join(dir, 'city.db');
  const demo = run(['demo', '--db', db, '--accounts', String(ACCOUNTS), '--seed', String(SEED), '--months', '1'], 120_000);
  assert.equal(demo.code, 0, demo.text);

  // The city's billing rules with small posting chunks, so a kill lands between chunks.
  const shipped = readFileSync(path.join(REPO, 'config', 'billing.toml'), 'utf8');
  assert.match(shipped, /^chunk_accounts = \d+/m, 'config/billing.toml has no chunk_accounts line');
  const billing = path.join(dir, 'billing.toml');
  writeFileSync(billing, shipped.replace(/^chunk_accounts = \d+/m, `chunk_accounts = ${CHUNK}`));

  const today = cityToday();
  const periodEnd = lastDayOfMonth(today);
  const billDate = addDays(periodEnd, 1);

  // Readings dated today for every meter of the cycle, at each account's average usage, imported
  // through the API one route file at a time.
  let server = await serve(db, billing);
  let cycleAccounts;
  try {
    const field = await signedIn(server, 'field');
    const reference = assertStatus(await field.get('/api/v1/reference-data'), 200);
    const routes = reference.routes.filter((r) => r.cycle === CYCLE).map((r) => r.code);
    const listed = await searchAll(field, '', { maxPages: 40 });
    assert.equal(listed.length, ACCOUNTS);
    const census = await mapLimit(listed, 16, async (a) => {
      const account = assertStatus(await field.get(`/api/v1/accounts/${a.id}`), 200);
      if (account.premise.cycle !== CYCLE) return null;
      const metering = assertStatus(await field.get(`/api/v1/accounts/${a.id}/metering`), 200);
      return { id: a.id, status: account.status, route: account.premise.route, metering };
    });
    cycleAccounts = census.filter(Boolean);
    const meters = new Map(); // serial → {route, meter, usage}
    for (const entry of cycleAccounts) {
      for (const meter of entry.metering.meters) {
        if (meter.removed_on !== null) continue;
        const known = meters.get(meter.serial);
        if (!known || entry.status === 'active') meters.set(meter.serial, { route: entry.route, meter, usage: entry.status === 'active' ? entry.metering.usage : [] });
      }
    }
    let lines = 0;
    for (const route of routes) {
      const rows = [];
      let skipped = 0;
      for (const { route: r, meter, usage } of meters.values()) {
        if (r !== route) continue;
        const previous = meter.readings.find((x) => x.status === 'ready' && x.read_on < today);
        // A meter set today (an account opened today) has nothing to read yet: the import raises
        // it as missing.
        if (!previous) { skipped += 1; continue; }
        let gallons = 0;
        let days = 0;
        for (const u of usage) { gallons += Number(u.usage_gallons.whole); days += daysBetween(u.period_start, u.period_end) + 1; }
        const span = daysBetween(previous.read_on, today);
        const steps = Math.max(1, Math.round((days ? (gallons / days) * span : 100 * span) / meter.multiplier));
        rows.push(`${route},${rows.length + 1},${meter.serial},${today},${(previous.value + steps) % 10 ** meter.dials},read,R20`);
      }
      if (!rows.length) continue;
      const res = await field.post('/api/v1/reading-imports', { file_name: `route-${route}.csv`, csv: [HEADER, ...rows].join('\n') });
      const report = assertStatus(res, 200);
      assert.equal(report.missing, skipped, show(res));
      assert.equal(report.ready + report.held, rows.length, show(res));
      lines += rows.length;
    }
    assert.ok(lines >= 500, `only ${lines} meters in cycle ${CYCLE}`);
    t.diagnostic(`imported ${lines} readings for cycle ${CYCLE} in ${Date.now() - started} ms`);
  } finally {
    assert.equal(await server.stop(), 0, 'serve did not exit cleanly');
  }

  const billArgs = ['bill', 'run', '--db', db, '--billing', billing, '--cycle', CYCLE, '--period-end', periodEnd,
    '--bill-date', billDate];
  // The first preview creates the run: what it would bill before anything is posted.
  const initial = previewCounts(billArgs);
  assert.equal(initial.alreadyBilled, 0, initial.text);
  assert.ok(initial.billable > 5 * CHUNK, `only ${initial.billable} billable accounts:\n${initial.text}`);

  // Kill it several times at different points; adapt the delay so that kills land mid-posting.
  let delay = 2 + Math.floor(Math.random() * 6);
  let billed = 0;
  let midPostingKills = 0;
  const kills = [];
  for (let attempt = 0; attempt < 15 && midPostingKills < 3; attempt += 1) {
    const result = await billRunKilledAfter(billArgs, delay);
    const counts = previewCounts(billArgs);
    kills.push({ delay, signal: result.signal, code: result.code, billed: counts.alreadyBilled });
    assert.ok(counts.alreadyBilled >= billed, `a killed run lost bills: ${billed} → ${counts.alreadyBilled}`);
    assert.equal(counts.alreadyBilled + counts.billable, initial.billable,
      `billed ${counts.alreadyBilled} + billable ${counts.billable} != ${initial.billable} billable at first:\n${counts.text}`);
    if (result.signal !== 'SIGKILL') {
      // It finished before the kill: every bill is posted, nothing is left to interrupt.
      assert.equal(result.code, 0, result.output);
      billed = counts.alreadyBilled;
      break;
    }
    if (counts.alreadyBilled > billed && counts.alreadyBilled < initial.billable) midPostingKills += 1;
    // Killed before it posted anything (approval, the first chunk): wait longer next time.
    if (counts.alreadyBilled === billed) delay = Math.round(delay * 1.3) + 2;
    billed = counts.alreadyBilled;
    if (billed >= initial.billable) break;
  }
  t.diagnostic(`kills (delay ms → bills so far): ${kills.map((k) => `${k.delay}→${k.billed}${k.signal ? '' : ' (finished)'}`).join(', ')}`);
  assert.ok(midPostingKills >= 1, `no kill landed in the middle of posting: ${JSON.stringify(kills)}`);

  // Run to completion: it posts exactly the rest.
  const finish = run(billArgs);
  assert.equal(finish.code, 0, finish.text);
  const posted = /Posted (\d+) bills/.exec(finish.stdout);
  assert.ok(posted, finish.text);
  assert.equal(Number(posted[1]), initial.billable - billed, `the resumed run posted the wrong number of bills:\n${finish.text}`);
  assert.match(finish.stdout, new RegExp(`; ${billed} already billed`), finish.text);

  // A third run posts nothing.
  const third = run(billArgs);
  assert.equal(third.code, 0, third.text);
  assert.match(third.stdout, /Posted 0 bills/, third.text);
  assert.match(third.stdout, new RegExp(`; ${initial.billable} already billed, ${initial.blocked} held back`), third.text);

  const check = run(['ledger', 'check', '--db', db]);
  assert.equal(check.code, 0, `ledger check failed:\n${check.text}`);

  // Through the API: the run's summary, and exactly one bill per billed account.
  server = await serve(db, billing);
  try {
    const auditor = await signedIn(server, 'auditor');
    const runs = await listAll(auditor, '/api/v1/billing-runs');
    const mine = runs.filter((r) => r.cycle === CYCLE && r.period_end === periodEnd);
    assert.equal(mine.length, 1, `runs for cycle ${CYCLE} ending ${periodEnd}: ${JSON.stringify(mine)}`);
    const got = assertStatus(await auditor.get(`/api/v1/billing-runs/${mine[0].id}`), 200);
    assert.equal(got.status, 'posted');
    const s = got.summary;
    assert.equal(s.billable, 0, JSON.stringify(s.exceptions_by_kind));
    assert.equal(s.already_billed, initial.billable);
    assert.equal(s.blocked, initial.blocked);
    assert.equal(got.bills_posted, initial.billable);
    assert.equal(s.accounts, initial.accounts);
    // Every account of the cycle is billed once, held back, or has nothing to bill this period
    // (its services ended before it).
    const nothingToBill = cycleAccounts.filter((e) => (e.status === 'active' || e.status === 'final') &&
      !e.metering.services.some((sv) => sv.starts_on <= periodEnd && (sv.ends_on === null || sv.ends_on >= got.period_start))).length;
    t.diagnostic(`accounts ${s.accounts}: billed ${s.already_billed}, held back ${s.blocked}, nothing to bill ${nothingToBill}`);
    assert.equal(s.already_billed + s.blocked + nothingToBill, s.accounts,
      `already billed ${s.already_billed} + blocked ${s.blocked} + nothing to bill ${nothingToBill} != accounts ${s.accounts}`);
    const counts = await mapLimit(cycleAccounts, 16, async (entry) => {
      const bills = await listAll(auditor, `/api/v1/accounts/${entry.id}/bills`);
      const inRun = bills.filter((b) => b.run_id === got.id).length;
      assert.ok(inRun <= 1, `${entry.id} has ${inRun} bills in ${got.id}`);
      return inRun;
    });
    assert.equal(counts.reduce((a, b) => a + b, 0), initial.billable, 'bills in the run across the cycle\'s accounts');
    // The printed run is a PDF.
    const client = new Client(server);
    assertStatus(await client.signIn('supervisor'), 201);
    const pdf = await client.get(`/api/v1/billing-runs/${got.id}/bills.pdf`, { timeoutMs: 60_000 });
    assert.equal(pdf.status, 200, show(pdf));
    assert.ok(pdf.text.startsWith('%PDF'));
  } finally {
    assert.equal(await server.stop(), 0, 'serve did not exit cleanly');
  }
  t.diagnostic(`total ${Date.now() - started} ms`);
});
