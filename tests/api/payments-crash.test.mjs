// Crash safety: SIGKILL `cistern serve` in the middle of a stream of payments, start it again on
// the same database, and check that every acknowledged payment is there exactly once, that retries
// with the same Idempotency-Key never post twice, and that `cistern ledger check` finds the ledger
// whole.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  BIN, startServer, signedIn, assertStatus, show, listAll, referenceRoute,
  withKey, newIdempotencyKey, cents, newAccount,
} from './harness.mjs';

const STREAM_MS = 2000;
const WORKERS = 4; // one request at a time each: sequential streams, in parallel with each other
const PAUSE_MS = 5;
const BURST = 8;
const KILL_DELAY_MS = 2;
const LISTEN_TIMEOUT_MS = 30_000;
const CHECK_TIMEOUT_MS = 60_000;

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// Starts `cistern serve` on an existing database; resolves once it prints its address.
function serveExisting(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = {
      child,
      url: null,
      output: '',
      exited: null,
      tail() { return server.output.slice(-8000); },
    };
    const killOnExit = () => { if (!server.exited) child.kill('SIGKILL'); };
    process.on('exit', killOnExit);
    server.exitedPromise = new Promise((res) => {
      child.on('exit', (code, signal) => {
        server.exited = { code, signal };
        process.off('exit', killOnExit);
        res(server.exited);
      });
    });
    server.stop = async () => {
      if (!server.exited) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await server.exitedPromise;
      clearTimeout(timer);
      return result;
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`restarted cistern serve printed no address in ${LISTEN_TIMEOUT_MS} ms\n${server.output}`));
    }, LISTEN_TIMEOUT_MS);
    child.stdout.on('data', (d) => {
      server.output += d.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(server.output);
      if (match && !server.url) {
        clearTimeout(timer);
        server.url = `http://127.0.0.1:${match[1]}`;
        resolve(server);
      }
    });
    child.stderr.on('data', (d) => { server.output += d.toString(); });
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    server.exitedPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!server.url) reject(new Error(`restarted cistern serve exited (code ${code}, signal ${signal})\n${server.output}`));
    });
  });
}

// Runs a command to completion: {code, signal, output}.
function run(file, args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d.toString(); });
    child.stderr.on('data', (d) => { output += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); resolve({ code: null, signal: null, output: String(err) }); });
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, output }); });
  });
}

describe('crash safety', () => {
  let server; // the first server, killed mid-stream
  let restarted;

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    if (restarted && !restarted.exited) await restarted.stop();
    if (server) await server.stop(); // already dead; removes the temporary directory
  });

  it('SIGKILL mid-stream: every acknowledged payment exists exactly once after restart, retries post nothing twice, ledger check passes', async (t) => {
    const csr = await signedIn(server, 'csr');
    const route = await referenceRoute(csr);
    const account = await newAccount(csr, route);
    assertStatus(await csr.post(`/api/v1/accounts/${account.id}/fees`, { fee_code: 'meter_tampering' }, withKey()), 201);
    const startBalance = 15000;
    const drawer = assertStatus(await csr.post('/api/v1/drawers', { opening_float_cents: 0 }), 201);

    // Every request: its key and body. Amounts are unique, so a payment identifies its request.
    const sent = new Map(); // key -> body
    const acked = new Map(); // key -> payment (201 seen by the client)
    const unknown = new Set(); // keys whose answer never came (the server died)
    const unexpected = []; // answers other than 201 before the kill
    let killed = false;
    let sequence = 0;
    const memoKey = new Map(); // memo -> key

    const oneRequest = async (tag) => {
      sequence += 1;
      const key = newIdempotencyKey(tag);
      // Long digit runs could look like a card number: the memo names the request in letters.
      const memo = `crash request ${sequence}`;
      memoKey.set(memo, key);
      const body = sequence % 4 === 0
        ? { account_id: account.id, amount_cents: 100 + sequence, tender: 'check', check_number: String(sequence),
          bank_name: 'First National', memo }
        : { account_id: account.id, amount_cents: 100 + sequence, tender: 'cash', memo };
      sent.set(key, body);
      try {
        const res = await csr.post('/api/v1/payments', body, { ...withKey(key), timeoutMs: 10_000 });
        if (res.status === 201) acked.set(key, res.body);
        else if (killed) unknown.add(key); // answered as the process died: treat as unknown
        else unexpected.push(show(res));
      } catch {
        unknown.add(key);
      }
    };
    const worker = async (n) => {
      while (!killed) {
        await oneRequest(`crash${n}`);
        await sleep(PAUSE_MS);
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, n) => worker(n));
    await sleep(STREAM_MS);
    // A parallel burst, and the kill while it is being handled, so that some payments really are
    // in the middle of their transaction when the process dies.
    const burst = Array.from({ length: BURST }, (_, n) => oneRequest(`burst${n}`));
    await sleep(KILL_DELAY_MS);
    killed = true;
    server.child.kill('SIGKILL');
    await Promise.all([...workers, ...burst]);
    const exit = await server.exitedPromise;
    assert.equal(exit.signal, 'SIGKILL');
    assert.deepEqual(unexpected, [], 'payments were refused before the crash');
    assert.ok(acked.size >= 20, `only ${acked.size} payments were acknowledged in ${STREAM_MS} ms`);
    t.diagnostic(`${sent.size} payments sent, ${acked.size} acknowledged, ${unknown.size} in flight at the kill`);

    restarted = await serveExisting(server.db);
    const csrAgain = await signedIn(restarted, 'csr');
    const supervisor = await signedIn(restarted, 'supervisor');

    // Every acknowledged payment is there, as acknowledged.
    for (const [key, payment] of acked) {
      const res = await csrAgain.get(`/api/v1/payments/${payment.id}`);
      const found = assertStatus(res, 200);
      assert.equal(found.status, 'posted', show(res));
      assert.equal(cents(found.amount), sent.get(key).amount_cents);
      assert.equal(memoKey.get(found.memo), key);
      assert.equal(found.entry_id, payment.entry_id);
    }
    const listed = await listAll(csrAgain, `/api/v1/payments?account_id=${account.id}`, { maxPages: 200 });
    const listedIds = new Set(listed.map((p) => p.id));
    assert.equal(listedIds.size, listed.length, 'a payment is listed twice');
    const byMemo = new Map();
    for (const p of listed) {
      const key = memoKey.get(p.memo);
      assert.ok(key && sent.get(key).amount_cents === cents(p.amount), `a payment no request asked for: ${JSON.stringify(p)}`);
      assert.ok(!byMemo.has(key), `two payments for one request (${p.memo})`);
      byMemo.set(key, p);
    }
    for (const [key, payment] of acked) {
      assert.equal(byMemo.get(key)?.id, payment.id, `acknowledged payment ${payment.id} is not listed`);
    }
    t.diagnostic(`after restart: ${listed.length} payments, so ${listed.length - acked.size} of the in-flight ones had committed`);
    assert.ok(listed.length >= acked.size && listed.length <= acked.size + unknown.size,
      `${listed.length} payments listed; ${acked.size} acknowledged, ${unknown.size} in flight`);

    // A retry with the same key never posts twice: acknowledged ones replay, in-flight ones post
    // now or replay what had committed.
    for (const [key, payment] of acked) {
      const res = await csrAgain.post('/api/v1/payments', sent.get(key), withKey(key));
      assert.equal(res.status, 201, show(res));
      assert.equal(res.headers.get('idempotent-replayed'), 'true', `retry of an acknowledged payment: ${show(res)}`);
      assert.equal(res.body.id, payment.id);
    }
    for (const key of unknown) {
      const res = await csrAgain.post('/api/v1/payments', sent.get(key), withKey(key));
      assert.equal(res.status, 201, show(res));
      const committed = byMemo.get(key);
      if (committed) {
        assert.equal(res.headers.get('idempotent-replayed'), 'true', `an in-flight payment that committed was posted again: ${show(res)}`);
        assert.equal(res.body.id, committed.id);
      }
    }
    const final = await listAll(csrAgain, `/api/v1/payments?account_id=${account.id}`, { maxPages: 200 });
    assert.equal(final.length, acked.size + unknown.size, 'after retries, not exactly one payment per request');
    assert.equal(new Set(final.map((p) => p.memo)).size, final.length);

    // The ledger agrees with the payments, and the drawer with both.
    const sum = final.reduce((s, p) => s + cents(p.amount), 0);
    const ledger = assertStatus(await csrAgain.get(`/api/v1/accounts/${account.id}/ledger`), 200);
    assert.equal(cents(ledger.balance), startBalance - sum);
    const txs = await listAll(csrAgain, `/api/v1/accounts/${account.id}/transactions`, { maxPages: 200 });
    assert.equal(txs.length, final.length + 1);
    for (let i = 0; i < txs.length; i += 1) {
      const previous = i + 1 < txs.length ? cents(txs[i + 1].balance_after) : 0;
      assert.equal(cents(txs[i].balance_after), previous + cents(txs[i].amount), `balance_after of ${txs[i].entry_id}`);
      assert.equal(txs[i].lines.reduce((s, l) => s + cents(l.amount), 0), 0, `entry ${txs[i].entry_id} does not balance`);
    }
    const current = assertStatus(await csrAgain.get('/api/v1/drawers/current'), 200);
    assert.equal(current.id, drawer.id);
    assert.equal(current.totals.count, final.length);
    assert.equal(cents(current.totals.cash) + cents(current.totals.check), sum);
    // The restarted server works normally.
    assertStatus(await supervisor.get(`/api/v1/drawers?business_date=${drawer.business_date}`), 200);

    const stopped = await restarted.stop();
    assert.equal(stopped.code, 0, `the restarted server did not exit cleanly\n${restarted.tail()}`);

    const check = await run(BIN, ['ledger', 'check', '--db', server.db], CHECK_TIMEOUT_MS);
    assert.equal(check.code, 0, `cistern ledger check --db <crashed db> exited with ${check.code} (signal ${check.signal}):\n${check.output.slice(0, 4000)}`);
  });
});
