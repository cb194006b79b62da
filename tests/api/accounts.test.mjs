// Reference data, creating accounts (person, business, existing customer or premise), reading
// them back, and their history.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show,
  referenceRoute, personAccountBody, premiseBody, searchAll, digitsOf, dammValid, uniqueWord,
  uniquePhoneDigits, todayUtc, RFC3339_UTC, DATE,
} from './harness.mjs';

const PREMISE_TYPES = ['single_family', 'multi_family', 'commercial', 'industrial', 'irrigation', 'institutional'];
const ACCOUNT_STATUSES = ['pending', 'active', 'final', 'closed'];

function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('accounts', () => {
  let server;
  let csr;
  let supervisor;
  let route;

  before(async () => {
    server = await startServer();
    csr = await signedIn(server, 'csr');
    supervisor = await signedIn(server, 'supervisor');
    route = await referenceRoute(csr);
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('reference data lists premise types, statuses, roles, cycles, routes and states', async () => {
    const ref = route.reference;
    assert.deepEqual(ref.premise_types.map((t) => t.code).sort(), [...PREMISE_TYPES].sort());
    for (const t of ref.premise_types) assert.ok(typeof t.name === 'string' && t.name.length > 0);
    const statusCodes = ref.account_statuses.map((s) => (typeof s === 'string' ? s : s.code));
    assert.deepEqual(statusCodes.sort(), [...ACCOUNT_STATUSES].sort());
    const roleCodes = ref.roles.map((r) => (typeof r === 'string' ? r : r.code));
    assert.deepEqual(roleCodes.sort(), ['admin', 'auditor', 'csr', 'field', 'finance', 'supervisor']);
    assert.ok(ref.cycles.length > 0);
    const cycleCodes = new Set(ref.cycles.map((c) => c.code));
    for (const r of ref.routes) {
      assert.ok(cycleCodes.has(r.cycle), `route ${r.code} is in unknown cycle ${r.cycle}`);
      assert.equal(typeof r.name, 'string');
    }
    assert.ok(ref.states.includes('OK') && ref.states.includes('TX'));
    assert.ok(ref.states.length >= 50, `only ${ref.states.length} states`);
    for (const s of ref.states) assert.match(s, /^[A-Z]{2}$/);
  });

  describe('create a person account (happy path)', () => {
    let made;
    let created;
    let createdRes;

    before(async () => {
      made = personAccountBody(route);
      createdRes = await csr.post('/api/v1/accounts', made.body);
      created = assertStatus(createdRes, 201);
    });

    it('answers 201 with a pending account with a 10-digit, check-digited number', () => {
      assert.match(created.id, /^acct_\d+$/);
      assert.match(created.account_number, /^\d{10}$/);
      assert.ok(dammValid(created.account_number), `account number ${created.account_number} fails the Damm check`);
      assert.equal(created.status, 'pending');
      assert.match(created.opened_on, DATE);
      // opened_on defaults to today in the city's time zone: within a day of today in UTC.
      const today = todayUtc();
      assert.ok([addDays(today, -1), today, addDays(today, 1)].includes(created.opened_on),
        `opened_on ${created.opened_on} is not today (${today} UTC)`);
      assert.equal(created.closed_on, null);
      assert.equal(created.version, 1);
    });

    it('echoes the customer, the premise and the defaulted mailing address', () => {
      const c = created.customer;
      const sent = made.body.customer;
      assert.match(c.id, /^cust_\d+$/);
      assert.equal(c.kind, 'person');
      assert.equal(c.first_name, sent.first_name);
      assert.equal(c.last_name, sent.last_name);
      assert.equal(c.display_name, `${sent.first_name} ${sent.last_name}`);
      assert.equal(c.phones.length, 1);
      assert.equal(digitsOf(c.phones[0].number), made.phoneDigits);
      assert.match(c.phones[0].number, /^\(\d{3}\) \d{3}-\d{4}$/, 'phones are shown as (405) 555-0142');
      assert.equal(c.phones[0].label, 'mobile');
      assert.deepEqual(c.emails, [made.email]);
      assert.deepEqual(c.mailing_address, sent.mailing_address);
      assert.equal(c.date_of_birth, sent.date_of_birth);
      assert.equal(c.id_last4_masked, '***-**-1234');
      assert.ok(!('id_last4' in c), 'the unmasked id_last4 must not be returned');
      assert.equal(c.confidential, false);
      assert.equal(c.contact_hidden, false);
      assert.equal(c.version, 1);

      const p = created.premise;
      const sentPremise = made.body.premise;
      assert.match(p.id, /^prem_\d+$/);
      for (const key of ['address', 'inside_city_limits', 'premise_type', 'unit_count', 'parcel_number', 'route', 'cycle']) {
        assert.deepEqual(p[key], sentPremise[key], `premise.${key}`);
      }
      assert.equal(p.version, 1);
      assert.deepEqual(created.mailing_address, sent.mailing_address, 'the account mailing address defaults to the customer\'s');
    });

    it('GET returns the same data, with an ETag of the version', async () => {
      const res = await csr.get(`/api/v1/accounts/${created.id}`);
      assert.deepEqual(assertStatus(res, 200), created);
      const etag = res.headers.get('etag');
      assert.ok(etag, `no ETag header: ${show(res)}`);
      assert.match(etag, /^(W\/)?"[^"]+"$/, `ETag ${etag} is not a quoted entity tag`);
      assert.ok(etag.includes(String(created.version)), `ETag ${etag} does not carry version ${created.version}`);
      const byNumber = await csr.get(`/api/v1/accounts/by-number/${created.account_number}`);
      assert.deepEqual(assertStatus(byNumber, 200), created);
    });

    it('is found by search right away', async () => {
      const results = await searchAll(csr, made.lastName);
      assert.deepEqual(results.map((r) => r.id), [created.id]);
    });

    it('history shows account.create by the user, with changes', async () => {
      const res = await csr.get(`/api/v1/accounts/${created.id}/history`);
      const body = assertStatus(res, 200);
      assert.ok(Array.isArray(body.data), show(res));
      const event = body.data.find((e) => e.action === 'account.create');
      assert.ok(event, `no account.create event: ${show(res)}`);
      assert.match(event.id, /^evt_\d+$/);
      assert.match(event.at, RFC3339_UTC);
      assert.ok(Math.abs(Date.parse(event.at) - Date.now()) < 10 * 60_000, `event time ${event.at} is not now`);
      assert.equal(event.entity_type, 'account');
      assert.equal(event.entity_id, created.id);
      assert.equal(event.user.id, csr.user.id);
      assert.equal(event.user.display_name, csr.user.display_name);
      assert.ok(Array.isArray(event.changes) && event.changes.length > 0, `no changes: ${JSON.stringify(event)}`);
      for (const change of event.changes) {
        assert.equal(typeof change.field, 'string');
        assert.ok('before' in change && 'after' in change, JSON.stringify(change));
      }
      const status = event.changes.find((c) => c.field === 'status');
      assert.deepEqual(status, { field: 'status', before: null, after: 'pending' });
      const number = event.changes.find((c) => c.field === 'account_number');
      if (number) assert.equal(number.after, created.account_number);
      // Newest first.
      const times = body.data.map((e) => Date.parse(e.at));
      for (let i = 1; i < times.length; i += 1) assert.ok(times[i - 1] >= times[i], 'history is not newest first');
      // The new customer and premise are recorded too (in their own events or in this one).
      const afters = body.data.flatMap((e) => (e.changes || []).map((c) => JSON.stringify(c.after)));
      assert.ok(afters.some((a) => a.includes(made.lastName)), `the customer's name is in no change: ${show(res)}`);
      assert.ok(afters.some((a) => a.includes(made.street)), `the premise address is in no change: ${show(res)}`);
    });

    it('never returns the full identity number, even to a supervisor', async () => {
      const res = await supervisor.get(`/api/v1/accounts/${created.id}`);
      assertStatus(res, 200);
      assert.ok(!('id_last4' in res.body.customer));
      const history = await supervisor.get(`/api/v1/accounts/${created.id}/history`);
      assertStatus(history, 200);
      assert.ok(!/"id_last4"\s*:\s*"1234"/.test(history.text), `history exposes id_last4: ${show(history)}`);
    });
  });

  it('creates a business account', async () => {
    const made = personAccountBody(route);
    const businessName = `${uniqueWord('Bz')} Holdings LLC`;
    const customer = made.body.customer;
    customer.kind = 'business';
    customer.business_name = businessName;
    delete customer.first_name;
    delete customer.last_name;
    delete customer.date_of_birth;
    delete customer.id_last4;
    made.body.premise.premise_type = 'commercial';
    const res = await csr.post('/api/v1/accounts', made.body);
    const account = assertStatus(res, 201);
    assert.equal(account.customer.kind, 'business');
    assert.equal(account.customer.business_name, businessName);
    assert.ok(account.customer.display_name.includes(businessName), show(res));
    assert.equal(account.premise.premise_type, 'commercial');
    assert.deepEqual(assertStatus(await csr.get(`/api/v1/accounts/${account.id}`), 200), account);
    const results = await searchAll(csr, businessName.split(' ')[0]);
    assert.deepEqual(results.map((r) => r.id), [account.id]);
  });

  it('creates a multi-family premise with unit_count 2 or more', async () => {
    const made = personAccountBody(route);
    made.body.premise.premise_type = 'multi_family';
    made.body.premise.unit_count = 12;
    const account = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
    assert.equal(account.premise.premise_type, 'multi_family');
    assert.equal(account.premise.unit_count, 12);
  });

  it('accepts ZIP+4, phones with punctuation, two phones and two emails, an explicit opened_on and mailing address', async () => {
    const made = personAccountBody(route);
    const second = uniquePhoneDigits();
    made.body.customer.phones = [
      { number: `(${made.phoneDigits.slice(0, 3)}) ${made.phoneDigits.slice(3, 6)}-${made.phoneDigits.slice(6)}`, label: 'home' },
      { number: second, label: 'work' },
    ];
    made.body.customer.emails = [made.email, `second.${made.email}`];
    made.body.customer.mailing_address.postal_code = '73160-1234';
    const accountMail = { line1: 'PO Box 12', line2: '', city: 'Norman', state: 'OK', postal_code: '73070' };
    made.body.account = { mailing_address: accountMail, opened_on: '2026-01-15' };
    const account = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
    assert.deepEqual(account.customer.phones.map((p) => [digitsOf(p.number), p.label]),
      [[made.phoneDigits, 'home'], [second, 'work']]);
    assert.deepEqual(account.customer.emails, [made.email, `second.${made.email}`]);
    assert.equal(account.customer.mailing_address.postal_code, '73160-1234');
    assert.deepEqual(account.mailing_address, accountMail);
    assert.equal(account.opened_on, '2026-01-15');
  });

  it('creates an account for an existing customer at a new premise', async () => {
    const made = personAccountBody(route);
    const first = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
    const { premise, street } = premiseBody(route);
    const res = await csr.post('/api/v1/accounts', { customer_id: first.customer.id, premise });
    const second = assertStatus(res, 201);
    assert.notEqual(second.id, first.id);
    assert.notEqual(second.account_number, first.account_number);
    assert.ok(dammValid(second.account_number));
    assert.equal(second.customer.id, first.customer.id);
    assert.deepEqual(second.customer, first.customer, 'the existing customer is unchanged');
    assert.notEqual(second.premise.id, first.premise.id);
    assert.deepEqual(second.premise.address, premise.address);
    assert.deepEqual(second.mailing_address, first.customer.mailing_address);
    const byName = await searchAll(csr, made.lastName);
    assert.deepEqual(byName.map((r) => r.id).sort(), [first.id, second.id].sort());
    assert.deepEqual((await searchAll(csr, street)).map((r) => r.id), [second.id]);
  });

  it('creates an account for an existing customer at an existing premise (a new account after a move-out)', async () => {
    const made = personAccountBody(route);
    const first = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
    const res = await csr.post('/api/v1/accounts', { customer_id: first.customer.id, premise_id: first.premise.id });
    const second = assertStatus(res, 201);
    assert.notEqual(second.id, first.id);
    assert.equal(second.customer.id, first.customer.id);
    assert.equal(second.premise.id, first.premise.id);
  });

  it('a new customer at an existing premise', async () => {
    const first = assertStatus(await csr.post('/api/v1/accounts', personAccountBody(route).body), 201);
    const made = personAccountBody(route);
    delete made.body.premise;
    made.body.premise_id = first.premise.id;
    const second = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
    assert.equal(second.premise.id, first.premise.id);
    assert.notEqual(second.customer.id, first.customer.id);
    assert.equal(second.customer.last_name, made.lastName);
  });

  it('refuses both customer and customer_id, or neither', async () => {
    const first = assertStatus(await csr.post('/api/v1/accounts', personAccountBody(route).body), 201);
    const made = personAccountBody(route);
    made.body.customer_id = first.customer.id;
    assertError(await csr.post('/api/v1/accounts', made.body), 400, { field: ['customer', 'customer_id'] });
    const neither = personAccountBody(route);
    delete neither.body.customer;
    assertError(await csr.post('/api/v1/accounts', neither.body), 400, { field: ['customer', 'customer_id'] });
    const noPremise = personAccountBody(route);
    delete noPremise.body.premise;
    assertError(await csr.post('/api/v1/accounts', noPremise.body), 400, { field: ['premise', 'premise_id'] });
    for (const m of [made, neither, noPremise]) {
      if (m.body.customer) assert.deepEqual(await searchAll(csr, m.lastName), []);
    }
  });

  it('refuses an id of the wrong kind or shape in the body with 400 naming the field', async () => {
    const { premise } = premiseBody(route);
    assertError(await csr.post('/api/v1/accounts', { customer_id: 'prem_1', premise }), 400, { field: 'customer_id' });
    assertError(await csr.post('/api/v1/accounts', { customer_id: 'cust_x', premise }), 400, { field: 'customer_id' });
    assertError(await csr.post('/api/v1/accounts', { customer_id: 17, premise }), 400, { field: 'customer_id' });
    const made = personAccountBody(route);
    delete made.body.premise;
    made.body.premise_id = 'acct_1';
    assertError(await csr.post('/api/v1/accounts', made.body), 400, { field: 'premise_id' });
    assert.deepEqual(await searchAll(csr, made.lastName), []);
  });

  it('refuses an unknown customer_id in the body, naming the field', async () => {
    const { premise, street } = premiseBody(route);
    const res = await csr.post('/api/v1/accounts', { customer_id: 'cust_99999999', premise });
    assertError(res, [400, 404], { field: 'customer_id' });
    assert.deepEqual(await searchAll(csr, street), []);
  });

  it('answers a malformed account id in the path with 400 and an unknown one with 404', async () => {
    for (const bad of ['acct_x', 'cust_5', 'acct_', '42', 'acct_-1', 'acct_1.5']) {
      assertError(await csr.get(`/api/v1/accounts/${bad}`), 400, { code: 'INVALID_ARGUMENT' });
      assertError(await csr.get(`/api/v1/accounts/${bad}/notes`), 400, { code: 'INVALID_ARGUMENT' });
      assertError(await csr.get(`/api/v1/accounts/${bad}/history`), 400, { code: 'INVALID_ARGUMENT' });
    }
    for (const unknown of ['acct_99999999', 'acct_0']) {
      const res = await csr.get(`/api/v1/accounts/${unknown}`);
      if (unknown === 'acct_0' && res.status === 400) continue; // 0 is no valid id: either answer is fine
      assertError(res, 404, { code: 'NOT_FOUND' });
    }
    assertError(await csr.get('/api/v1/accounts/acct_99999999/notes'), 404);
    assertError(await csr.get('/api/v1/accounts/acct_99999999/history'), 404);
    assertError(await csr.post('/api/v1/accounts/acct_99999999/notes', { text: 'hello' }), 404);
    assertError(await csr.get('/api/v1/accounts/by-number/9999999999'), [400, 404]);
    assertError(await csr.get('/api/v1/accounts/by-number/12345'), [400, 404]);
  });

  // Last in this file: when it fails it can leave the server unable to write.
  it('creates 10 accounts in parallel, each with its own valid number, and can still write afterwards', async () => {
    const bodies = Array.from({ length: 10 }, () => personAccountBody(route));
    const responses = await Promise.all(bodies.map((made, i) => (i % 2 ? supervisor : csr).post('/api/v1/accounts', made.body)));
    const later = await csr.post('/api/v1/accounts', personAccountBody(route).body);
    const failures = responses.filter((r) => r.status !== 201).map(show);
    assert.deepEqual(failures, [], `${failures.length} of 10 parallel creates failed; a sequential create afterwards: ${show(later)}`);
    assertStatus(later, 201);
    const numbers = responses.map((r) => r.body.account_number);
    assert.equal(new Set(numbers).size, 10, `duplicate account numbers: ${numbers}`);
    for (const n of numbers) assert.ok(dammValid(n), `account number ${n} fails the Damm check`);
    assert.equal(new Set(responses.map((r) => r.body.id)).size, 10);
    for (let i = 0; i < 10; i += 1) {
      const found = await searchAll(csr, bodies[i].lastName);
      assert.deepEqual(found.map((r) => r.id), [responses[i].body.id]);
    }
  });
});
