// Two CSRs posting to one account at the same time: every payment posts once and the balance is
// exactly the sum.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertStatus, show, listAll, referenceRoute,
  withKey, newIdempotencyKey, cents, newAccount, newUser,
} from './harness.mjs';

const PER_CSR = 25;

describe('concurrent payments', () => {
  let server;
  let csr;
  let csr2;
  let account;

  before(async () => {
    server = await startServer();
    csr = await signedIn(server, 'csr');
    const admin = await signedIn(server, 'admin');
    csr2 = await newUser(server, admin, 'csr', 'csrpar');
    const route = await referenceRoute(csr);
    account = await newAccount(csr, route);
    for (let i = 0; i < 4; i += 1) {
      assertStatus(await csr.post(`/api/v1/accounts/${account.id}/fees`, { fee_code: 'meter_tampering' }, withKey()), 201);
    }
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  it(`two CSRs, two drawers, ${PER_CSR} payments each in parallel: all succeed, distinct, and the balance is exact`, async (t) => {
    const drawers = [
      assertStatus(await csr.post('/api/v1/drawers', { opening_float_cents: 0 }), 201),
      assertStatus(await csr2.post('/api/v1/drawers', { opening_float_cents: 0 }), 201),
    ];
    const start = cents(assertStatus(await csr.get(`/api/v1/accounts/${account.id}/ledger`), 200).balance);
    assert.equal(start, 60000);
    const txBefore = (await listAll(csr, `/api/v1/accounts/${account.id}/transactions`)).length;

    const requests = [];
    const amounts = [];
    for (let i = 0; i < PER_CSR; i += 1) {
      for (const [n, client] of [[0, csr], [1, csr2]]) {
        const amount = 1500 + i * 10 + n; // distinct amounts; together more than is owed
        amounts.push(amount);
        const body = i % 3 === 0
          ? { account_id: account.id, amount_cents: amount, tender: 'check', check_number: `${n}${i}`, bank_name: 'FNB' }
          : { account_id: account.id, amount_cents: amount, tender: 'cash' };
        requests.push(client.post('/api/v1/payments', body, withKey(newIdempotencyKey(`par${n}`))));
      }
    }
    const startedAt = Date.now();
    const results = await Promise.all(requests);
    const elapsedMs = Date.now() - startedAt;
    const failures = results.filter((r) => r.status !== 201).map(show);
    assert.deepEqual(failures, [], `${failures.length} of ${results.length} payments failed`);
    const ids = new Set(results.map((r) => r.body.id));
    assert.equal(ids.size, 2 * PER_CSR, 'payment ids are not distinct');
    const entryIds = new Set(results.map((r) => r.body.entry_id));
    assert.equal(entryIds.size, 2 * PER_CSR, 'entry ids are not distinct');
    // Reported, not asserted (speed is measured in bench/).
    t.diagnostic(`${2 * PER_CSR} parallel payments took ${elapsedMs} ms`);

    const sum = amounts.reduce((s, a) => s + a, 0);
    const ledger = assertStatus(await csr.get(`/api/v1/accounts/${account.id}/ledger`), 200);
    assert.equal(cents(ledger.balance), start - sum, 'the final balance is not the start minus the payments');
    assert.ok(sum > start, 'the test means to overpay');
    assert.equal(cents(ledger.credit), sum - start, 'the overpayment is not the credit');

    const payments = await listAll(csr, `/api/v1/payments?account_id=${account.id}`);
    assert.equal(payments.length, 2 * PER_CSR);
    const txs = await listAll(csr, `/api/v1/accounts/${account.id}/transactions`);
    assert.equal(txs.length, txBefore + 2 * PER_CSR);
    // The running balance is consistent even under concurrency.
    for (let i = 0; i < txs.length; i += 1) {
      const previous = i + 1 < txs.length ? cents(txs[i + 1].balance_after) : 0;
      assert.equal(cents(txs[i].balance_after), previous + cents(txs[i].amount), `balance_after of ${txs[i].entry_id}`);
    }
    // Each payment's own balance_after is one of the running balances, and they are all different.
    const balancesAfter = new Set(results.map((r) => cents(r.body.balance_after)));
    assert.equal(balancesAfter.size, 2 * PER_CSR, 'two payments saw the same balance (lost update)');
    // The applied amounts add up to what was owed, never more.
    const applied = results.reduce((s, r) => s + r.body.applied.reduce((a, x) => a + cents(x.amount), 0), 0);
    assert.equal(applied, start, 'applied amounts do not add up to what was owed');

    for (const [n, client] of [[0, csr], [1, csr2]]) {
      const d = assertStatus(await client.get('/api/v1/drawers/current'), 200);
      assert.equal(d.id, drawers[n].id);
      assert.equal(d.totals.count, PER_CSR);
      const mine = results.filter((r) => r.body.drawer_id === d.id).map((r) => r.body);
      assert.equal(mine.length, PER_CSR);
      assert.equal(cents(d.totals.cash), mine.filter((p) => p.tender === 'cash').reduce((s, p) => s + cents(p.amount), 0));
      assert.equal(cents(d.totals.check), mine.filter((p) => p.tender === 'check').reduce((s, p) => s + cents(p.amount), 0));
    }
  });
});
