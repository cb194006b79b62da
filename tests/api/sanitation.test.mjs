// Commercial sanitation through the HTTP API: private-hauler exemptions (commercial premises only,
// field errors, the monitoring list, renewal letters) and roll-off dumpsters whose deliver, empty
// and remove post fees from the fee schedule (docs/api.md, "Sanitation").
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus,
  referenceRoute, personAccountBody, cityToday, addDays,
} from './harness.mjs';

describe('sanitation', () => {
  let server;
  const c = {};
  let today;
  let route;

  async function accountOn(premiseType) {
    const { body } = personAccountBody(route);
    body.premise.premise_type = premiseType;
    return assertStatus(await c.csr.post('/api/v1/accounts', body), 201);
  }

  before(async () => {
    server = await startServer({ accounts: 30, seed: 5 });
    for (const role of ['csr', 'field', 'auditor', 'finance']) c[role] = await signedIn(server, role);
    today = cityToday();
    const reference = await referenceRoute(c.csr);
    route = { route: reference.route, cycle: reference.cycle };
  });

  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('records an exemption for a commercial account and lists it for monitoring', async () => {
    const account = await accountOn('commercial');
    const created = assertStatus(await c.csr.post('/api/v1/sanitation/exemptions', {
      account_id: account.id, hauler: ' Sooner Waste ', permit: '', starts_on: addDays(today, -300),
      expires_on: addDays(today, 30),
    }), 201);
    assert.match(created.id, /^sxm_\d+$/);
    assert.equal(created.hauler, 'Sooner Waste');
    assert.equal(created.missing_paperwork, true);
    assert.equal(created.expiring, true);
    assert.equal(created.needs_attention, true);
    assert.equal(created.days_left, 30);
    const listed = assertStatus(await c.auditor.get('/api/v1/sanitation/exemptions?filter=attention'), 200);
    assert.ok(listed.data.some((e) => e.id === created.id));
    // A second one for the account is refused.
    assertError(await c.csr.post('/api/v1/sanitation/exemptions', {
      account_id: account.id, hauler: 'Other', starts_on: today, expires_on: addDays(today, 365),
    }), 409, { reason: 'EXEMPTION_EXISTS' });
    // The paperwork comes in: renewed, off the monitoring list.
    const updated = assertStatus(await c.csr.request('PATCH', `/api/v1/sanitation/exemptions/${created.id}`, { json: {
      hauler: 'Sooner Waste', permit: 'PH-2027-1', starts_on: today, expires_on: addDays(today, 365),
      version: created.version,
    } }), 200);
    assert.equal(updated.needs_attention, false);
    assertError(await c.csr.request('PATCH', `/api/v1/sanitation/exemptions/${created.id}`, { json: {
      hauler: 'X', starts_on: today, expires_on: addDays(today, 365), version: created.version,
    } }), 409, { reason: 'EXEMPTION_CHANGED' });
    const panel = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}/sanitation`), 200);
    assert.equal(panel.exemption.id, created.id);
    assert.equal(panel.may_use_private_hauler, true);
  });

  it('refuses a residential premise, bad dates and a missing hauler, naming the field', async () => {
    const home = await accountOn('single_family');
    assertError(await c.csr.post('/api/v1/sanitation/exemptions', {
      account_id: home.id, hauler: 'Sooner Waste', starts_on: today, expires_on: addDays(today, 30),
    }), 422, { reason: 'PREMISE_NOT_COMMERCIAL', field: 'account_id' });
    const shop = await accountOn('industrial');
    assertError(await c.csr.post('/api/v1/sanitation/exemptions', {
      account_id: shop.id, hauler: 'Sooner Waste', starts_on: today, expires_on: today,
    }), 400, { reason: 'EXPIRY_NOT_AFTER_START', field: 'expires_on' });
    assertError(await c.csr.post('/api/v1/sanitation/exemptions', {
      account_id: shop.id, hauler: '  ', starts_on: today, expires_on: addDays(today, 30),
    }), 400, { field: 'hauler' });
    assertError(await c.field.post('/api/v1/sanitation/exemptions', {
      account_id: shop.id, hauler: 'A', starts_on: today, expires_on: addDays(today, 30),
    }), 403);
    const panel = assertStatus(await c.csr.get(`/api/v1/accounts/${shop.id}/sanitation`), 200);
    assert.equal(panel.exemption, null);
  });

  it('sends renewal letters, one outcome per exemption', async () => {
    const account = await accountOn('institutional');
    const created = assertStatus(await c.csr.post('/api/v1/sanitation/exemptions', {
      account_id: account.id, hauler: 'Metro Haul', permit: 'AG-9', starts_on: addDays(today, -300),
      expires_on: addDays(today, -1),
    }), 201);
    assert.equal(created.expired, true);
    const sent = assertStatus(await c.csr.post('/api/v1/sanitation/renewal-letters',
      { exemption_ids: [created.id] }), 200);
    assert.equal(sent.data.length, 1);
    const outcome = sent.data[0];
    const after = assertStatus(await c.csr.get(`/api/v1/sanitation/exemptions/${created.id}`), 200);
    if (outcome.letter_id) {
      assert.equal(after.renewal_sent_on, today);
      assert.equal(after.renewal_letter_id, outcome.letter_id);
    } else {
      // A new account is pending; the renewal letter is for active accounts.
      assert.equal(outcome.error.reason, 'LETTER_NOT_FOR_STATUS');
      assert.equal(after.renewal_sent_on, null);
    }
    assertError(await c.field.post('/api/v1/sanitation/renewal-letters', {}), 403);
  });

  it('requests, delivers, empties and removes a dumpster, posting each fee', async () => {
    const account = await accountOn('commercial');
    const dumpster = assertStatus(await c.csr.post('/api/v1/sanitation/dumpsters', {
      account_id: account.id, size_yards: 30, requested_on: today,
    }), 201);
    assert.equal(dumpster.status, 'requested');
    assertError(await c.field.post(`/api/v1/sanitation/dumpsters/${dumpster.id}/empty`, {}), 422,
      { reason: 'DUMPSTER_NOT_DELIVERED' });
    const delivered = assertStatus(await c.field.post(`/api/v1/sanitation/dumpsters/${dumpster.id}/deliver`, {}), 200);
    assert.equal(delivered.status, 'delivered');
    assert.equal(delivered.event.fee_code, 'dumpster_delivery');
    assert.match(delivered.event.entry_id, /^je_\d+$/);
    const emptied = assertStatus(await c.field.post(`/api/v1/sanitation/dumpsters/${dumpster.id}/empty`, {}), 200);
    assert.equal(emptied.empty_count, 1);
    assertStatus(await c.field.post(`/api/v1/sanitation/dumpsters/${dumpster.id}/empty`, {}), 200);
    const removed = assertStatus(await c.field.post(`/api/v1/sanitation/dumpsters/${dumpster.id}/remove`, {}), 200);
    assert.equal(removed.status, 'removed');
    assertError(await c.field.post(`/api/v1/sanitation/dumpsters/${dumpster.id}/empty`, {}), 422,
      { reason: 'DUMPSTER_REMOVED' });
    const view = assertStatus(await c.csr.get(`/api/v1/sanitation/dumpsters/${dumpster.id}`), 200);
    assert.deepEqual(view.events.map((e) => e.action), ['deliver', 'empty', 'empty', 'remove']);
    const ledger = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}/ledger`), 200);
    // 75 + 150 + 150 + 50 (demo fee schedule)
    assert.ok(JSON.stringify(ledger).includes('425.00'), JSON.stringify(ledger).slice(0, 400));
    assertError(await c.auditor.post('/api/v1/sanitation/dumpsters', {
      account_id: account.id, size_yards: 20, requested_on: today,
    }), 403);
    assertError(await c.csr.post('/api/v1/sanitation/dumpsters', {
      account_id: account.id, size_yards: 25, requested_on: today,
    }), 400, { field: 'size_yards' });
    assertError(await c.csr.post('/api/v1/sanitation/dumpsters', {
      account_id: account.id, size_yards: 20, requested_on: addDays(today, -2),
    }), 400, { field: 'requested_on' });
    const cancelled = assertStatus(await c.csr.post('/api/v1/sanitation/dumpsters', {
      account_id: account.id, size_yards: 20, requested_on: today,
    }), 201);
    assertError(await c.csr.post(`/api/v1/sanitation/dumpsters/${cancelled.id}/cancel`, {}), 400,
      { field: 'remarks' });
    assertStatus(await c.csr.post(`/api/v1/sanitation/dumpsters/${cancelled.id}/cancel`, { remarks: 'Not needed' }), 200);
    const panel = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}/sanitation`), 200);
    assert.equal(panel.dumpsters.length, 2);
  });
});
