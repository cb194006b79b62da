// The receivables ledger: reversals and returned payments, adjustments with approval, refunds and
// balance transfers (docs/api.md, "Receivables and payments").
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show, listAll,
  referenceRoute, premiseBody, DATE, RFC3339_UTC, cityToday, withKey, newIdempotencyKey, cents,
  moneySnapshot, assertMoneyUnchanged, newAccount, newUser,
} from './harness.mjs';

describe('ledger: reversals, adjustments, refunds and transfers', () => {
  let server;
  const c = {};
  let supervisor2; // a second supervisor, created by admin
  let route;
  let config;
  let returnedItemFeeCents;

  before(async () => {
    server = await startServer();
    for (const username of ['csr', 'supervisor', 'finance', 'admin', 'auditor']) c[username] = await signedIn(server, username);
    supervisor2 = await newUser(server, c.admin, 'supervisor', 'suptwo');
    route = await referenceRoute(c.csr);
    config = assertStatus(await c.csr.get('/api/v1/finance/config'), 200);
    const fee = config.fees.find((f) => f.code === 'returned_item');
    assert.ok(fee, `no returned_item fee in the finance config: ${JSON.stringify(config.fees)}`);
    returnedItemFeeCents = cents(fee.amount);
    assertStatus(await c.csr.post('/api/v1/drawers', { opening_float_cents: 0 }), 201);
    assertStatus(await c.supervisor.post('/api/v1/drawers', { opening_float_cents: 0 }), 201);
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  const pay = (client, body) => client.post('/api/v1/payments', body, withKey(newIdempotencyKey('led')));
  const ledgerOf = async (id) => assertStatus(await c.csr.get(`/api/v1/accounts/${id}/ledger`), 200);
  const balanceOf = async (id) => cents((await ledgerOf(id)).balance);
  const fee = (id, code = 'reconnect') => c.csr.post(`/api/v1/accounts/${id}/fees`, { fee_code: code }, withKey());
  const reverse = (client, paymentId, body) => client.post(`/api/v1/payments/${paymentId}/reverse`, body, withKey());
  const adjust = (client, body) => client.post('/api/v1/adjustments', body, withKey());

  describe('reversals', () => {
    let acct;
    let check;

    before(async () => {
      acct = await newAccount(c.csr, route);
      assertStatus(await fee(acct.id), 201);
      check = assertStatus(await pay(c.csr, { account_id: acct.id, amount_cents: 5000, tender: 'check',
        check_number: '2077', bank_name: 'First National' }), 201);
      assert.equal(await balanceOf(acct.id), 0);
    });

    it('supervisor reverses a returned check (nsf): reversal entry, returned-item fee, cash only, a note', async () => {
      const notesBefore = await listAll(c.csr, `/api/v1/accounts/${acct.id}/notes`);
      const res = await reverse(c.supervisor, check.id, { reason: 'nsf', memo: 'Returned by First National' });
      const reversed = assertStatus(res, 200);
      assert.equal(reversed.id, check.id);
      assert.equal(reversed.status, 'reversed');
      assert.ok(reversed.reversal, show(res));
      assert.equal(reversed.reversal.reason, 'nsf');
      assert.match(reversed.reversal.entry_id, /^je_\d+$/);
      assert.match(reversed.reversal.fee_entry_id, /^je_\d+$/);
      assert.notEqual(reversed.reversal.entry_id, check.entry_id);

      const ledger = await ledgerOf(acct.id);
      assert.equal(cents(ledger.balance), 5000 + returnedItemFeeCents, 'the check and the fee are owed again');
      assert.match(ledger.cash_only_until || '', DATE, `cash_only_until not set: ${JSON.stringify(ledger)}`);
      assert.ok(ledger.cash_only_until > cityToday(), `cash_only_until ${ledger.cash_only_until} is not in the future`);
      assert.equal(reversed.reversal.cash_only_until, ledger.cash_only_until,
        `the reversal does not state cash_only_until (docs/api.md): ${show(res)}`);

      const txs = await listAll(c.csr, `/api/v1/accounts/${acct.id}/transactions`);
      const reversal = txs.find((t) => t.entry_id === reversed.reversal.entry_id);
      const feeEntry = txs.find((t) => t.entry_id === reversed.reversal.fee_entry_id);
      const original = txs.find((t) => t.entry_id === check.entry_id);
      assert.ok(reversal && feeEntry && original, JSON.stringify(txs));
      assert.equal(cents(reversal.amount), 5000);
      assert.equal(reversal.reverses, check.entry_id);
      assert.equal(original.reversed_by, reversal.entry_id);
      assert.equal(cents(feeEntry.amount), returnedItemFeeCents);
      assert.deepEqual(reversal.posted_by, { id: c.supervisor.user.id, display_name: c.supervisor.user.display_name });
      // Append-only: the original entry is still there, unchanged in amount.
      assert.equal(cents(original.amount), -5000);

      const notes = await listAll(c.csr, `/api/v1/accounts/${acct.id}/notes`);
      assert.equal(notes.length, notesBefore.length + 1, 'no note was added to the account');
      assert.deepEqual(assertStatus(await c.csr.get(`/api/v1/payments/${check.id}`), 200), reversed);
    });

    it('a check on a cash-only account is 422 CASH_ONLY, while cash works', async () => {
      const before = await moneySnapshot(c.csr, acct.id);
      assertError(await pay(c.csr, { account_id: acct.id, amount_cents: 1000, tender: 'check', check_number: '2078',
        bank_name: 'First National' }), 422, { reason: 'CASH_ONLY' });
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a check on a cash-only account');
      const cash = assertStatus(await pay(c.csr, { account_id: acct.id, amount_cents: 1000, tender: 'cash' }), 201);
      assert.equal(cents(cash.balance_after), 5000 + returnedItemFeeCents - 1000);
    });

    it('reversing twice is 409 PAYMENT_ALREADY_REVERSED, and nothing is posted', async () => {
      const before = await moneySnapshot(c.csr, acct.id);
      for (const reason of ['nsf', 'posted_in_error']) {
        assertError(await reverse(c.supervisor, check.id, { reason, memo: 'again' }), 409,
          { reason: 'PAYMENT_ALREADY_REVERSED' });
        assertError(await reverse(c.finance, check.id, { reason, memo: 'again' }), 409,
          { reason: 'PAYMENT_ALREADY_REVERSED' });
      }
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a second reversal');
    });

    it('a cash payment is not a returnable tender (422), but posted_in_error reverses it without a fee', async () => {
      const other = await newAccount(c.csr, route);
      assertStatus(await fee(other.id), 201);
      const cash = assertStatus(await pay(c.csr, { account_id: other.id, amount_cents: 3000, tender: 'cash' }), 201);
      const before = await moneySnapshot(c.csr, other.id);
      for (const reason of ['nsf', 'account_closed', 'stop_payment']) {
        assertError(await reverse(c.supervisor, cash.id, { reason, memo: 'bounced?' }), 422,
          { reason: 'NOT_A_RETURNABLE_TENDER' });
      }
      assertError(await reverse(c.supervisor, cash.id, { reason: 'lost', memo: 'x' }), 400, { field: 'reason' });
      assertError(await reverse(c.supervisor, cash.id, { memo: 'x' }), 400, { field: 'reason' });
      await assertMoneyUnchanged(c.csr, other.id, before, 'a refused reversal');

      const reversed = assertStatus(await reverse(c.finance, cash.id, { reason: 'posted_in_error', memo: 'wrong account' }), 200);
      assert.equal(reversed.status, 'reversed');
      assert.equal(reversed.reversal.reason, 'posted_in_error');
      assert.equal(reversed.reversal.fee_entry_id, null);
      const ledger = await ledgerOf(other.id);
      assert.equal(cents(ledger.balance), 5000, 'posted_in_error restores exactly the payment');
      assert.equal(ledger.cash_only_until, null, 'posted_in_error made the account cash only');
      const txs = await listAll(c.csr, `/api/v1/accounts/${other.id}/transactions`);
      assert.equal(txs.length, before.transactions.length + 1, 'posted_in_error posted more than the reversal');
      // A reversed cash payment no longer counts in the drawer.
      const drawer = assertStatus(await c.csr.get('/api/v1/drawers/current'), 200);
      const inDrawer = await listAll(c.csr, `/api/v1/payments?drawer_id=${drawer.id}`);
      const expectedCash = inDrawer.filter((p) => p.tender === 'cash' && p.status === 'posted')
        .reduce((s, p) => s + cents(p.amount), 0);
      assert.equal(cents(drawer.totals.cash), expectedCash);
    });

    it('returned ACH (stop_payment) also charges the fee; a card payment cannot be returned', async () => {
      const other = await newAccount(c.csr, route);
      const ach = assertStatus(await pay(c.csr, { account_id: other.id, amount_cents: 2000, tender: 'ach', reference: 'T-9' }), 201);
      const card = assertStatus(await pay(c.csr, { account_id: other.id, amount_cents: 700, tender: 'card',
        card_last4: '4242', card_auth_code: 'AUTH77' }), 201);
      const before = await moneySnapshot(c.csr, other.id);
      assertError(await reverse(c.supervisor, card.id, { reason: 'nsf', memo: 'x' }), 422,
        { reason: 'NOT_A_RETURNABLE_TENDER' });
      await assertMoneyUnchanged(c.csr, other.id, before, 'a refused card return');
      const reversed = assertStatus(await reverse(c.supervisor, ach.id, { reason: 'stop_payment', memo: 'bank says stop' }), 200);
      assert.match(reversed.reversal.fee_entry_id, /^je_\d+$/);
      assert.equal(await balanceOf(other.id), -2000 - 700 + 2000 + returnedItemFeeCents);
      assert.match((await ledgerOf(other.id)).cash_only_until || '', DATE);
    });

    it('a replayed reversal (same key) answers the same and posts once', async () => {
      const other = await newAccount(c.csr, route);
      const p = assertStatus(await pay(c.csr, { account_id: other.id, amount_cents: 900, tender: 'money_order', reference: 'MO-5' }), 201);
      const key = newIdempotencyKey('rev');
      const first = await c.supervisor.post(`/api/v1/payments/${p.id}/reverse`, { reason: 'posted_in_error', memo: 'dup' }, withKey(key));
      assertStatus(first, 200);
      const second = await c.supervisor.post(`/api/v1/payments/${p.id}/reverse`, { reason: 'posted_in_error', memo: 'dup' }, withKey(key));
      assert.equal(second.status, 200, show(second));
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(second.body, first.body);
      assert.equal((await listAll(c.csr, `/api/v1/accounts/${other.id}/transactions`)).length, 2);
    });
  });

  describe('adjustments', () => {
    let acct;
    before(async () => {
      acct = await newAccount(c.csr, route);
      assertStatus(await fee(acct.id, 'meter_tampering'), 201); // $150.00 owed
    });
    const body = (overrides = {}) => ({ account_id: acct.id, direction: 'credit', amount_cents: 1500, fund: 'general',
      reason_code: 'billing_error', memo: 'Fee charged twice', ...overrides });

    it('a small credit with a normal reason posts at once and lowers the balance', async () => {
      const before = await balanceOf(acct.id);
      const res = await adjust(c.csr, body());
      const adj = assertStatus(res, 201);
      assert.match(adj.id, /^adj_\d+$/);
      assert.equal(adj.status, 'posted');
      assert.match(adj.entry_id, /^je_\d+$/);
      assert.equal(adj.direction, 'credit');
      assert.equal(cents(adj.amount), 1500);
      assert.equal(adj.fund, 'general');
      assert.deepEqual(adj.requested_by, { id: c.csr.user.id, display_name: c.csr.user.display_name });
      assert.match(adj.requested_at, RFC3339_UTC);
      assert.equal(await balanceOf(acct.id), before - 1500);
      // Exactly the threshold still posts at once ("above" $50.00 waits).
      const edge = assertStatus(await adjust(c.csr, body({ amount_cents: 5000 })), 201);
      assert.equal(edge.status, 'posted');
      assert.equal(await balanceOf(acct.id), before - 6500);
      const posted = await listAll(c.csr, '/api/v1/adjustments?status=posted');
      assert.ok(posted.some((a) => a.id === adj.id));
    });

    it('above $50.00 or for leak_credit it waits for approval, and the balance is unchanged', async () => {
      const before = await moneySnapshot(c.csr, acct.id);
      const big = assertStatus(await adjust(c.csr, body({ amount_cents: 5001 })), 201);
      assert.equal(big.status, 'pending_approval');
      assert.equal(big.entry_id, null);
      assert.equal(big.decided_by, null);
      const leak = assertStatus(await adjust(c.csr, body({ amount_cents: 100, reason_code: 'leak_credit', fund: 'general' })), 201);
      assert.equal(leak.status, 'pending_approval');
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a pending adjustment');
      const pending = await listAll(c.supervisor, '/api/v1/adjustments?status=pending_approval');
      for (const a of [big, leak]) {
        const listed = pending.find((x) => x.id === a.id);
        assert.deepEqual(listed, a, `${a.id} is not in the approvals queue as created`);
      }
      assert.ok(pending.every((a) => a.status === 'pending_approval'));
    });

    it('the requester cannot decide their own request (403 OWN_REQUEST); another supervisor approves; deciding again is 409', async () => {
      const before = await moneySnapshot(c.csr, acct.id);
      const own = assertStatus(await adjust(c.supervisor, body({ amount_cents: 7500, reason_code: 'courtesy',
        memo: 'Long-time customer' })), 201);
      assert.equal(own.status, 'pending_approval');
      assertError(await c.supervisor.post(`/api/v1/adjustments/${own.id}/approve`, { memo: 'me' }), 403,
        { reason: 'OWN_REQUEST' });
      assertError(await c.supervisor.post(`/api/v1/adjustments/${own.id}/reject`, { memo: 'me' }), 403,
        { reason: 'OWN_REQUEST' });
      assertError(await c.finance.post(`/api/v1/adjustments/${own.id}/approve`, { memo: 'finance' }), 403);
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a refused approval');

      const res = await supervisor2.post(`/api/v1/adjustments/${own.id}/approve`, { memo: 'Approved per policy' });
      const approved = assertStatus(res, 200);
      assert.equal(approved.status, 'posted');
      assert.match(approved.entry_id, /^je_\d+$/);
      assert.deepEqual(approved.decided_by, { id: supervisor2.user.id, display_name: supervisor2.user.display_name });
      assert.match(approved.decided_at, RFC3339_UTC);
      assert.equal(approved.decision_memo, 'Approved per policy');
      assert.equal(await balanceOf(acct.id), cents(before.ledger.balance) - 7500);
      const txs = await listAll(c.csr, `/api/v1/accounts/${acct.id}/transactions`);
      assert.equal(txs[0].entry_id, approved.entry_id);
      assert.equal(cents(txs[0].amount), -7500);

      const after = await moneySnapshot(c.csr, acct.id);
      for (const action of ['approve', 'reject']) {
        assertError(await supervisor2.post(`/api/v1/adjustments/${own.id}/${action}`, { memo: 'again' }), 409,
          { reason: 'ALREADY_DECIDED' });
        assertError(await c.supervisor.post(`/api/v1/adjustments/${own.id}/${action}`, { memo: 'again' }), [403, 409]);
      }
      await assertMoneyUnchanged(c.csr, acct.id, after, 'a second decision');
      const pending = await listAll(c.csr, '/api/v1/adjustments?status=pending_approval');
      assert.ok(!pending.some((a) => a.id === own.id), 'a decided adjustment is still in the queue');
    });

    it('the reject path: rejected, nothing posted, listed under rejected', async () => {
      const req = assertStatus(await adjust(c.csr, body({ amount_cents: 9000, direction: 'debit', fund: 'water',
        reason_code: 'meter_misread', memo: 'Re-read higher' })), 201);
      assert.equal(req.status, 'pending_approval');
      const before = await moneySnapshot(c.csr, acct.id);
      const rejected = assertStatus(await c.supervisor.post(`/api/v1/adjustments/${req.id}/reject`,
        { memo: 'Re-read was wrong' }), 200);
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.entry_id, null);
      assert.equal(rejected.decision_memo, 'Re-read was wrong');
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a rejected adjustment');
      assert.ok((await listAll(c.csr, '/api/v1/adjustments?status=rejected')).some((a) => a.id === req.id));
      assertError(await c.supervisor.post(`/api/v1/adjustments/${req.id}/approve`, { memo: 'changed my mind' }), 409,
        { reason: 'ALREADY_DECIDED' });
      await assertMoneyUnchanged(c.csr, acct.id, before, 'approving a rejected adjustment');
      assertError(await c.supervisor.post('/api/v1/adjustments/adj_999999/approve', { memo: 'x' }), 404);
    });

    it('bad fund, reason, direction, amount or missing memo is 400 naming the field; nothing is posted', async () => {
      const before = await moneySnapshot(c.csr, acct.id);
      const pendingBefore = await listAll(c.csr, '/api/v1/adjustments?status=pending_approval');
      const cases = [
        [{ fund: 'gas' }, 'fund'],
        [{ fund: '' }, 'fund'],
        [{ fund: undefined }, 'fund'],
        [{ reason_code: 'because' }, 'reason_code'],
        [{ reason_code: undefined }, 'reason_code'],
        [{ direction: 'sideways' }, 'direction'],
        [{ direction: 'CREDIT' }, 'direction'],
        [{ direction: undefined }, 'direction'],
        [{ memo: '' }, 'memo'],
        [{ memo: '   ' }, 'memo'],
        [{ memo: undefined }, 'memo'],
        [{ amount_cents: 0 }, 'amount_cents'],
        [{ amount_cents: -100 }, 'amount_cents'],
        [{ amount_cents: 12.5 }, 'amount_cents'],
        [{ account_id: 'acct_x' }, 'account_id'],
        [{ corrects_entry_id: 'je_999999' }, 'corrects_entry_id'],
        [{ approved: true }, 'approved'],
      ];
      const wrong = []; // every case is tried, so that one failure does not hide the others
      for (const [overrides, field] of cases) {
        const b = body({ amount_cents: 6000, ...overrides });
        const res = await adjust(c.csr, b);
        try {
          assertError(res, 400, { code: 'INVALID_ARGUMENT', field });
        } catch (err) {
          wrong.push(`${JSON.stringify(overrides)}: ${show(res)}`);
        }
      }
      assert.deepEqual(wrong, [], 'adjustments that should have been refused with 400 naming the field');
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a refused adjustment');
      assert.deepEqual(await listAll(c.csr, '/api/v1/adjustments?status=pending_approval'), pendingBefore,
        'a refused adjustment was queued');
      assertError(await c.csr.get('/api/v1/adjustments?status=maybe'), 400, { field: 'status' });
    });
  });

  describe('refunds', () => {
    let acct;
    before(async () => {
      acct = await newAccount(c.csr, route);
      assertStatus(await pay(c.csr, { account_id: acct.id, amount_cents: 2000, tender: 'cash' }), 201);
      const ledger = await ledgerOf(acct.id);
      assert.equal(cents(ledger.credit), 2000);
    });
    const refund = (client, amount, memo = 'Moving away') =>
      client.post('/api/v1/refunds', { account_id: acct.id, amount_cents: amount, memo }, withKey());

    it('only up to the credit balance (422 REFUND_EXCEEDS_CREDIT); nothing is queued or posted', async () => {
      const before = await moneySnapshot(c.csr, acct.id);
      assertError(await refund(c.csr, 2001), 422, { reason: 'REFUND_EXCEEDS_CREDIT' });
      assertError(await refund(c.csr, 0), 400, { field: 'amount_cents' });
      assertError(await refund(c.csr, -5), 400, { field: 'amount_cents' });
      const owing = await newAccount(c.csr, route);
      assertStatus(await fee(owing.id), 201);
      assertError(await c.csr.post('/api/v1/refunds', { account_id: owing.id, amount_cents: 100, memo: 'x' }, withKey()),
        422, { reason: 'REFUND_EXCEEDS_CREDIT' });
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a refused refund');
      const pending = await listAll(c.csr, '/api/v1/refunds?status=pending_approval');
      assert.ok(!pending.some((r) => r.account_id === acct.id || r.account_id === owing.id), JSON.stringify(pending));
    });

    it('a refund waits for approval; csr and the requester cannot approve; approval posts it', async () => {
      const before = await moneySnapshot(c.csr, acct.id);
      const req = assertStatus(await refund(c.csr, 1500), 201);
      assert.match(req.id, /^ref_\d+$/);
      assert.equal(req.status, 'pending_approval');
      assert.equal(req.entry_id, null);
      assert.equal(cents(req.amount), 1500);
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a pending refund');
      assert.ok((await listAll(c.supervisor, '/api/v1/refunds?status=pending_approval')).some((r) => r.id === req.id));
      assertError(await c.csr.post(`/api/v1/refunds/${req.id}/approve`, { memo: 'x' }), 403);
      assertError(await c.finance.post(`/api/v1/refunds/${req.id}/approve`, { memo: 'x' }), 403);
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a refused refund approval');

      const approved = assertStatus(await c.supervisor.post(`/api/v1/refunds/${req.id}/approve`, { memo: 'Mail check' }), 200);
      assert.equal(approved.status, 'approved');
      assert.match(approved.entry_id, /^je_\d+$/);
      assert.deepEqual(approved.decided_by, { id: c.supervisor.user.id, display_name: c.supervisor.user.display_name });
      const ledger = await ledgerOf(acct.id);
      assert.equal(cents(ledger.credit), 500);
      assert.equal(cents(ledger.balance), -500);
      const txs = await listAll(c.csr, `/api/v1/accounts/${acct.id}/transactions`);
      const entry = txs.find((t) => t.entry_id === approved.entry_id);
      assert.ok(entry, 'the refund entry is not in the transactions');
      assert.equal(cents(entry.amount), 1500, 'a refund raises the balance by the amount refunded');
      assert.equal(entry.lines.reduce((s, l) => s + cents(l.amount), 0), 0);
      assertError(await c.supervisor.post(`/api/v1/refunds/${req.id}/approve`, { memo: 'again' }), 409,
        { reason: 'ALREADY_DECIDED' });
      assertError(await supervisor2.post(`/api/v1/refunds/${req.id}/reject`, { memo: 'again' }), 409,
        { reason: 'ALREADY_DECIDED' });
      assert.equal(cents((await ledgerOf(acct.id)).balance), -500, 'a second decision changed the balance');
    });

    it('own request: a supervisor cannot approve their own refund; another rejects it; nothing posted', async () => {
      const before = await moneySnapshot(c.csr, acct.id);
      const req = assertStatus(await refund(c.supervisor, 500, 'Supervisor asks'), 201);
      assertError(await c.supervisor.post(`/api/v1/refunds/${req.id}/approve`, { memo: 'me' }), 403, { reason: 'OWN_REQUEST' });
      await assertMoneyUnchanged(c.csr, acct.id, before, 'an own-request approval');
      const rejected = assertStatus(await supervisor2.post(`/api/v1/refunds/${req.id}/reject`, { memo: 'no' }), 200);
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.entry_id, null);
      await assertMoneyUnchanged(c.csr, acct.id, before, 'a rejected refund');
      assert.ok((await listAll(c.csr, '/api/v1/refunds?status=rejected')).some((r) => r.id === req.id));
    });
  });

  describe('transfers', () => {
    let from;
    let to;
    before(async () => {
      from = await newAccount(c.csr, route);
      const { premise } = premiseBody(route);
      to = assertStatus(await c.csr.post('/api/v1/accounts', { customer_id: from.customer.id, premise,
        account: { mailing_address: null } }), 201);
      assert.equal(to.customer.id, from.customer.id);
      assert.notEqual(to.id, from.id);
    });
    const transfer = (fromId, toId, key) => c.csr.post('/api/v1/transfers',
      { from_account_id: fromId, to_account_id: toId, memo: 'Moved to new address' }, withKey(key));

    it('moves the whole owed balance, by fund, to another account of the same customer', async () => {
      assertStatus(await fee(from.id), 201);
      assertStatus(await adjust(c.csr, { account_id: from.id, direction: 'debit', amount_cents: 2000, fund: 'water',
        reason_code: 'billing_error', memo: 'Unbilled water' }), 201);
      const fromBefore = await ledgerOf(from.id);
      assert.equal(cents(fromBefore.balance), 7000);
      const toBefore = await balanceOf(to.id);
      const res = await transfer(from.id, to.id);
      const made = assertStatus(res, 201);
      assert.match(made.entry_id, /^je_\d+$/);
      const fromAfter = await ledgerOf(from.id);
      const toAfter = await ledgerOf(to.id);
      assert.equal(cents(fromAfter.balance), 0);
      assert.equal(cents(toAfter.balance), toBefore + 7000);
      const byFund = (l) => Object.fromEntries(l.by_fund.map((f) => [f.fund, cents(f.balance)]).filter(([, v]) => v));
      assert.deepEqual(byFund(toAfter), { general: 5000, water: 2000 });
      assert.deepEqual(byFund(fromAfter), {});
      for (const id of [from.id, to.id]) {
        const txs = await listAll(c.csr, `/api/v1/accounts/${id}/transactions`);
        assert.equal(txs[0].entry_id, made.entry_id, `the transfer is not the newest entry of ${id}`);
        assert.equal(txs[0].lines.reduce((s, l) => s + cents(l.amount), 0), 0, 'the transfer entry does not balance');
        assert.equal(cents(txs[0].balance_after), id === from.id ? 0 : toBefore + 7000);
      }
    });

    it('moves a credit balance too', async () => {
      assertStatus(await pay(c.csr, { account_id: to.id, amount_cents: 10000, tender: 'cash' }), 201);
      assert.equal(await balanceOf(to.id), -3000);
      assertStatus(await transfer(to.id, from.id), 201);
      assert.equal(await balanceOf(to.id), 0);
      const fromLedger = await ledgerOf(from.id);
      assert.equal(cents(fromLedger.balance), -3000);
      assert.equal(cents(fromLedger.credit), 3000);
    });

    it('different customers is 422 DIFFERENT_CUSTOMER; the same account is 400; nothing moves', async () => {
      const stranger = await newAccount(c.csr, route);
      assertStatus(await fee(stranger.id), 201);
      const before = await moneySnapshot(c.csr, from.id);
      const strangerBefore = await moneySnapshot(c.csr, stranger.id);
      assertError(await transfer(from.id, stranger.id), 422, { reason: 'DIFFERENT_CUSTOMER' });
      assertError(await transfer(stranger.id, from.id), 422, { reason: 'DIFFERENT_CUSTOMER' });
      assertError(await transfer(from.id, from.id), 400);
      assertError(await transfer(from.id, 'acct_999999'), 404);
      await assertMoneyUnchanged(c.csr, from.id, before, 'a refused transfer');
      await assertMoneyUnchanged(c.csr, stranger.id, strangerBefore, 'a refused transfer');
    });
  });
});
