// Cash drawers and the day's close (docs/api.md, "Cash drawers and the day"). A closed day admits
// no new drawer, so this file has its own server and closes the day last.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show, listAll,
  referenceRoute, RFC3339_UTC, cityToday, withKey, newIdempotencyKey, cents, moneySnapshot,
  assertMoneyUnchanged, newAccount, newUser,
} from './harness.mjs';

const TENDERS = ['cash', 'check', 'money_order', 'card', 'ach'];

describe('cash drawers and the day', () => {
  let server;
  const c = {};
  let csr2; // a second CSR, created by admin
  let route;
  let account;
  let today;
  let drawer; // csr's drawer

  before(async () => {
    server = await startServer();
    for (const username of ['csr', 'supervisor', 'admin', 'auditor', 'field']) c[username] = await signedIn(server, username);
    csr2 = await newUser(server, c.admin, 'csr', 'csrtwo');
    route = await referenceRoute(c.csr);
    account = await newAccount(c.csr, route);
    assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/fees`, { fee_code: 'meter_tampering' }, withKey()), 201);
    today = cityToday();
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  const pay = (client, body) => client.post('/api/v1/payments', { account_id: account.id, ...body },
    withKey(newIdempotencyKey('drw')));

  it('without an open drawer: GET current is 404 and a payment is 422 DRAWER_NOT_OPEN, nothing posted', async () => {
    assertError(await c.csr.get('/api/v1/drawers/current'), 404, { reason: 'DRAWER_NOT_OPEN' });
    const before = await moneySnapshot(c.csr, account.id);
    assertError(await pay(c.csr, { amount_cents: 1000, tender: 'cash' }), 422, { reason: 'DRAWER_NOT_OPEN' });
    assertError(await pay(c.csr, { amount_cents: 1000, tender: 'check', check_number: '9', bank_name: 'B' }), 422,
      { reason: 'DRAWER_NOT_OPEN' });
    await assertMoneyUnchanged(c.csr, account.id, before, 'a payment without a drawer');
  });

  it('opens the caller\'s drawer for the city\'s business date; a second open drawer is 409', async () => {
    const res = await c.csr.post('/api/v1/drawers', { opening_float_cents: 10000 });
    drawer = assertStatus(res, 201);
    assert.match(drawer.id, /^drw_\d+$/);
    assert.equal(drawer.status, 'open');
    assert.equal(drawer.business_date, today);
    assert.deepEqual(drawer.user, { id: c.csr.user.id, display_name: c.csr.user.display_name });
    assert.equal(cents(drawer.opening_float), 10000);
    assert.match(drawer.opened_at, RFC3339_UTC);
    assert.equal(drawer.closed_at, null);
    assert.equal(drawer.over_short, null);
    for (const t of TENDERS) assert.equal(cents(drawer.totals[t]), 0, t);
    assert.equal(drawer.totals.count, 0);
    assert.equal(cents(drawer.expected_cash), 10000);

    assertError(await c.csr.post('/api/v1/drawers', { opening_float_cents: 0 }), 409);
    assertError(await c.csr.post('/api/v1/drawers', { opening_float_cents: -1 }), [400, 409]);
    const current = assertStatus(await c.csr.get('/api/v1/drawers/current'), 200);
    assert.equal(current.id, drawer.id);
    const listed = await listAll(c.auditor, `/api/v1/drawers?business_date=${today}`);
    assert.equal(listed.filter((d) => d.user.id === c.csr.user.id).length, 1, JSON.stringify(listed));
  });

  it('a bad opening float is 400 naming opening_float_cents', async () => {
    const before = await listAll(c.auditor, `/api/v1/drawers?business_date=${today}`);
    for (const value of [-100, 'lots', 1.5]) {
      assertError(await csr2.post('/api/v1/drawers', { opening_float_cents: value }), 400,
        { field: 'opening_float_cents' });
    }
    assert.deepEqual(await listAll(c.auditor, `/api/v1/drawers?business_date=${today}`), before);
  });

  it('totals by tender and expected cash (float + cash); payments carry the drawer', async () => {
    const bodies = [
      { amount_cents: 2500, tender: 'cash', tendered_cents: 3000 },
      { amount_cents: 1000, tender: 'cash' },
      { amount_cents: 4000, tender: 'check', check_number: '301', bank_name: 'First National' },
      { amount_cents: 1500, tender: 'money_order', reference: 'MO-1' },
      { amount_cents: 2000, tender: 'card', card_last4: '0005', card_auth_code: 'OK1234' },
      { amount_cents: 3000, tender: 'ach', reference: 'ACH-1' },
    ];
    const ids = [];
    for (const body of bodies) {
      const p = assertStatus(await pay(c.csr, body), 201);
      assert.equal(p.drawer_id, drawer.id);
      ids.push(p.id);
    }
    const current = assertStatus(await c.csr.get('/api/v1/drawers/current'), 200);
    const totals = Object.fromEntries(TENDERS.map((t) => [t, cents(current.totals[t])]));
    assert.deepEqual(totals, { cash: 3500, check: 4000, money_order: 1500, card: 2000, ach: 3000 });
    assert.equal(current.totals.count, 6);
    assert.equal(cents(current.expected_cash), 10000 + 3500, 'expected_cash is float + cash (not tendered)');
    const inDrawer = await listAll(c.csr, `/api/v1/payments?drawer_id=${drawer.id}`);
    assert.deepEqual(inDrawer.map((p) => p.id).sort(), [...ids].sort());
  });

  it('a csr cannot close another csr\'s drawer (403), and it stays open', async () => {
    const res = await csr2.post(`/api/v1/drawers/${drawer.id}/close`, { counted_cash_cents: 13500, counted_checks_cents: 5500 });
    assertError(res, 403);
    const current = assertStatus(await c.csr.get('/api/v1/drawers/current'), 200);
    assert.equal(current.status, 'open');
    assert.equal(current.closed_at, null);
    assertError(await c.field.post(`/api/v1/drawers/${drawer.id}/close`, { counted_cash_cents: 0, counted_checks_cents: 0 }), 403);
  });

  it('closing with counted amounts gives over_short = counted - expected (cash + checks and money orders)', async () => {
    assertError(await c.csr.post(`/api/v1/drawers/${drawer.id}/close`, { counted_cash_cents: 13400 }), 400,
      { field: 'counted_checks_cents' });
    assertError(await c.csr.post(`/api/v1/drawers/${drawer.id}/close`, { counted_cash_cents: -1, counted_checks_cents: 0 }),
      400, { field: 'counted_cash_cents' });
    assertStatus(await c.csr.get('/api/v1/drawers/current'), 200); // still open after the refusals
    const res = await c.csr.post(`/api/v1/drawers/${drawer.id}/close`, { counted_cash_cents: 13400, counted_checks_cents: 5575 });
    const closed = assertStatus(res, 200);
    assert.equal(closed.status, 'closed');
    assert.match(closed.closed_at, RFC3339_UTC);
    assert.equal(cents(closed.counted_cash), 13400);
    assert.equal(cents(closed.counted_checks), 5575);
    // expected: cash 10000 + 3500; checks and money orders 4000 + 1500
    assert.equal(cents(closed.over_short), (13400 + 5575) - (13500 + 5500), show(res));
    assert.equal(cents(closed.expected_cash), 13500);
  });

  it('closing twice is 409; after closing, payments are 422 DRAWER_NOT_OPEN', async () => {
    assertError(await c.csr.post(`/api/v1/drawers/${drawer.id}/close`, { counted_cash_cents: 13500, counted_checks_cents: 5500 }), 409);
    const listed = (await listAll(c.auditor, `/api/v1/drawers?business_date=${today}`)).find((d) => d.id === drawer.id);
    assert.equal(cents(listed.over_short), -25, 'the second close changed the first one\'s count');
    assertError(await c.csr.get('/api/v1/drawers/current'), 404, { reason: 'DRAWER_NOT_OPEN' });
    const before = await moneySnapshot(c.csr, account.id);
    assertError(await pay(c.csr, { amount_cents: 100, tender: 'cash' }), 422, { reason: 'DRAWER_NOT_OPEN' });
    await assertMoneyUnchanged(c.csr, account.id, before, 'a payment into a closed drawer');
  });

  it('the day closes only when every drawer of the date is closed (422 DRAWERS_OPEN), then once (409)', async () => {
    const second = assertStatus(await csr2.post('/api/v1/drawers', { opening_float_cents: 5000 }), 201);
    assertStatus(await pay(csr2, { amount_cents: 1200, tender: 'cash' }), 201);
    assertStatus(await pay(csr2, { amount_cents: 800, tender: 'check', check_number: '44', bank_name: 'Citizens' }), 201);
    assertError(await c.supervisor.post(`/api/v1/cash-days/${today}/close`, {}), 422, { reason: 'DRAWERS_OPEN' });
    assertError(await c.csr.post(`/api/v1/cash-days/${today}/close`, {}), 403);
    // csr2 can still take payments: the refused close changed nothing.
    assertStatus(await pay(csr2, { amount_cents: 100, tender: 'cash' }), 201);
    // A supervisor (approvals.decide) may close someone else's drawer.
    const closed = assertStatus(await c.supervisor.post(`/api/v1/drawers/${second.id}/close`,
      { counted_cash_cents: 5000 + 1300, counted_checks_cents: 800 }), 200);
    assert.equal(cents(closed.over_short), 0);

    const res = await c.supervisor.post(`/api/v1/cash-days/${today}/close`, {});
    const day = assertStatus(res, 200);
    assert.equal(day.business_date, today);
    assert.deepEqual(day.closed_by, { id: c.supervisor.user.id, display_name: c.supervisor.user.display_name });
    assert.match(day.closed_at, RFC3339_UTC);
    const dayTotals = Object.fromEntries(TENDERS.map((t) => [t, cents(day.totals[t])]));
    assert.deepEqual(dayTotals, { cash: 3500 + 1300, check: 4000 + 800, money_order: 1500, card: 2000, ach: 3000 },
      show(res));
    assert.equal(day.totals.count, 9, `day totals count: ${show(res)}`);
    assertError(await c.supervisor.post(`/api/v1/cash-days/${today}/close`, {}), 409);
  });
});
