// Customer deposits through the HTTP API (docs/api.md, "Deposits"): the quote with its reasons,
// a CSR refused when waiving, the supervisor's approval (never one's own), installments through
// the ledger, the register balancing to the deposits-held GL account, and `cistern ledger check`
// still passing afterwards.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  BIN, startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus,
  referenceRoute, newAccount, newUser, cents,
} from './harness.mjs';

describe('deposits', () => {
  let server;
  const c = {};
  let route;

  before(async () => {
    server = await startServer({ accounts: 30, seed: 7 });
    for (const role of ['csr', 'supervisor', 'auditor', 'admin', 'field']) c[role] = await signedIn(server, role);
    c.supervisor2 = await newUser(server, c.admin, 'supervisor', 'sup');
    const reference = await referenceRoute(c.csr);
    route = { route: reference.route, cycle: reference.cycle };
  });

  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('quotes a residential renter $100 with the reasons, split over two bills', async () => {
    const account = await newAccount(c.csr, route);
    const quote = assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/deposit/quote`,
      { tenure: 'renter' }), 200);
    assert.equal(cents(quote.amount), 10000);
    assert.equal(quote.rate_class, 'residential');
    assert.ok(quote.reasons.length >= 1);
    assert.match(quote.reasons[0], /renter/);
    assert.deepEqual(quote.installments.map((m) => cents(m)), [5000, 5000]);
    // An owner needs the credit check; the CSR enters the bureau's result.
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/deposit/quote`, { tenure: 'owner' }),
      400, { field: 'credit_rating', reason: 'CREDIT_CHECK_REQUIRED' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/deposit/quote`,
      { tenure: 'owner', credit_rating: 'excellent', credit_reference: 'R-1' }), 400, { field: 'credit_rating' });
    const owner = assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/deposit/quote`,
      { tenure: 'owner', credit_rating: 'good', credit_reference: 'EXP-77' }), 200);
    assert.equal(cents(owner.amount), 0);
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/deposit/quote`, { tenure: 'tenant' }),
      400, { field: 'tenure' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/deposit/quote`, { tenure: 'renter', colour: 1 }),
      400, { field: 'colour' });
    assertError(await c.field.post(`/api/v1/accounts/${account.id}/deposit/quote`, { tenure: 'renter' }), 403);
  });

  it('refuses a CSR waiving a deposit; a lower amount waits for another supervisor', async () => {
    const account = await newAccount(c.csr, route);
    const path = `/api/v1/accounts/${account.id}/deposit`;
    assertError(await c.csr.request('PUT', path, { json: { tenure: 'renter', amount_cents: 0 } }),
      422, { reason: 'APPROVAL_REQUIRED', field: 'amount' });
    const empty = assertStatus(await c.csr.get(path), 200);
    assert.equal(empty.deposit, null);  // nothing written
    assertError(await c.csr.request('PUT', path, { json: { tenure: 'renter', installments: 3 } }),
      400, { field: 'installments' });
    const set = assertStatus(await c.csr.request('PUT', path, { json: { tenure: 'renter', installments: 2 } }), 200);
    assert.equal(cents(set.required), 10000);
    const request = assertStatus(await c.csr.post(`${path}/reduction`,
      { amount_cents: 0, reason: 'Letter of credit from prior utility' }), 201);
    assert.equal(request.waiver, true);
    assert.equal(request.status, 'pending');
    assertError(await c.csr.post(`/api/v1/deposits/approvals/${request.id}/approve`, {}), 403);
    assertError(await c.csr.post(`${path}/reduction`, { amount_cents: 5000, reason: 'again' }), 409,
      { reason: 'APPROVAL_PENDING' });
    assertError(await c.csr.post(`${path}/reduction`, { amount_cents: 0 }), 400, { field: 'reason' });
  });

  it('bills installments through the ledger; the register balances to the GL; ledger check passes', async () => {
    const account = await newAccount(c.csr, route);
    const path = `/api/v1/accounts/${account.id}/deposit`;
    assertStatus(await c.csr.request('PUT', path, { json: { tenure: 'renter', installments: 2 } }), 200);
    // A supervisor's own request is decided by another supervisor.
    const request = assertStatus(await c.supervisor.post(`${path}/reduction`,
      { amount_cents: 8000, reason: 'Good history at prior address' }), 201);
    assertError(await c.supervisor.post(`/api/v1/deposits/approvals/${request.id}/approve`, {}), 403,
      { reason: 'OWN_REQUEST' });
    const approved = assertStatus(await c.supervisor2.post(`/api/v1/deposits/approvals/${request.id}/approve`,
      { note: 'ok' }), 200);
    assert.equal(approved.status, 'approved');
    assertError(await c.supervisor2.post(`/api/v1/deposits/approvals/${request.id}/reject`, {}), 409,
      { reason: 'ALREADY_DECIDED' });
    const first = assertStatus(await c.csr.post(`${path}/bill`, {}), 200);
    assert.equal(cents(first.event.amount), 4000);
    assert.equal(first.event.kind, 'billed');
    const second = assertStatus(await c.csr.post(`${path}/bill`, {}), 200);
    assert.equal(cents(second.event.amount), 4000);
    assertError(await c.csr.post(`${path}/bill`, {}), 422, { reason: 'NOTHING_TO_BILL' });
    const view = assertStatus(await c.csr.get(path), 200);
    assert.equal(cents(view.held), 8000);
    assert.equal(view.events.length, 2);
    assertError(await c.csr.post(`${path}/apply`, {}), 422, { reason: 'ACCOUNT_NOT_FINAL' });

    const other = await newAccount(c.csr, route);
    assertStatus(await c.csr.request('PUT', `/api/v1/accounts/${other.id}/deposit`, { json: { tenure: 'renter' } }), 200);
    const paid = assertStatus(await c.csr.post(`/api/v1/accounts/${other.id}/deposit/paid`, {}), 200);
    assert.equal(cents(paid.event.amount), 10000);

    assertError(await c.csr.get('/api/v1/reports/deposit-register'), 403);
    const register = assertStatus(await c.auditor.get('/api/v1/reports/deposit-register'), 200);
    assert.equal(register.balanced, true);
    assert.equal(cents(register.totals.held), cents(register.gl_balance));
    assert.ok(cents(register.gl_balance) >= 18000);
    const line = register.data.find((l) => l.account_id === account.id);
    assert.equal(cents(line.held), 8000);
    assert.equal(cents(line.ledger_held), 8000);

    const check = spawnSync(BIN, ['ledger', 'check', '--db', server.db], { encoding: 'utf8' });
    assert.equal(check.status, 0, `ledger check failed:\n${check.stdout}\n${check.stderr}`);
  });
});
