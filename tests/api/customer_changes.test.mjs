// Master changes and eligibilities through the HTTP API: name, mailing address, phone and email
// changes with effective dates and history; refusals that write nothing; eligibilities (add,
// renew, end) for the programs the loaded rates name; the expiring-eligibilities report as JSON
// and CSV; permissions (docs/api.md "Customers"; src/app/customer_changes.h, src/app/eligibility.h).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show,
  referenceRoute, personAccountBody, uniqueWord, cityToday, addDays, DATE, RFC3339_UTC,
} from './harness.mjs';

describe('customer master changes and eligibilities', () => {
  let server;
  let csr;
  let supervisor;
  let auditor;
  let finance;
  let route;
  let account;
  let made;
  let today;

  before(async () => {
    server = await startServer({ accounts: 40 });
    csr = await signedIn(server, 'csr');
    supervisor = await signedIn(server, 'supervisor');
    auditor = await signedIn(server, 'auditor');
    finance = await signedIn(server, 'finance');
    route = await referenceRoute(csr);
    made = personAccountBody(route);
    account = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
    today = cityToday();
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  const customerPath = () => `/api/v1/customers/${account.customer.id}`;
  const getAccount = async () => assertStatus(await csr.get(`/api/v1/accounts/${account.id}`), 200);
  const changes = async (client = csr) =>
    assertStatus(await client.get(`${customerPath()}/changes`), 200).data;

  it('changes the name with an effective date, keeps the history and audits it', async () => {
    const newLast = uniqueWord('Zq');
    const res = await csr.post(`${customerPath()}/changes`,
      { kind: 'name', first_name: made.firstName, last_name: newLast, effective_on: today,
        reason: 'Marriage certificate seen' });
    const change = assertStatus(res, 201);
    assert.equal(change.kind, 'name');
    assert.match(change.id, /^chg_\d+$/);
    assert.equal(change.effective_on, today);
    assert.match(change.recorded_at, RFC3339_UTC);
    assert.equal(change.before.last_name, made.lastName);
    assert.equal(change.after.last_name, newLast);
    assert.equal(change.recorded_by.id, csr.user.id);
    const now = await getAccount();
    assert.equal(now.customer.last_name, newLast);
    const history = await changes(auditor);
    assert.equal(history[0].id, change.id);
    const events = assertStatus(await auditor.get(`/api/v1/accounts/${account.id}/history`), 200).data;
    assert.ok(events.some((e) => e.action === 'customer.change_name'), show({ what: 'history', status: 200, text: JSON.stringify(events).slice(0, 800) }));
    made.lastName = newLast;
  });

  it('moves the mailing address of the customer and its open account', async () => {
    const address = { line1: `${uniqueWord('Wv')} Rd`, line2: '', city: 'Norman', state: 'ok', postal_code: '73069' };
    const change = assertStatus(await csr.post(`${customerPath()}/changes`,
      { kind: 'mailing_address', mailing_address: address }), 201);
    assert.deepEqual(change.accounts_readdressed, [account.id]);
    assert.equal(change.after['mailing_address.state'], 'OK');
    const now = await getAccount();
    assert.equal(now.customer.mailing_address.line1, address.line1);
    assert.equal(now.mailing_address.line1, address.line1);
  });

  it('replaces phones and emails', async () => {
    assertStatus(await csr.post(`${customerPath()}/changes`,
      { kind: 'phones', phones: [{ number: '405-555-0177', label: 'home' }] }), 201);
    assertStatus(await csr.post(`${customerPath()}/changes`,
      { kind: 'emails', emails: ['New.Address@Example.com'] }), 201);
    const now = await getAccount();
    assert.deepEqual(now.customer.emails, ['new.address@example.com']);
    assert.equal(now.customer.phones.length, 1);
    const kinds = (await changes()).map((c) => c.kind);
    assert.deepEqual(kinds.slice(0, 2).sort(), ['emails', 'phones']);
  });

  it('refuses bad changes naming the field, and writes nothing', async () => {
    const before = await changes();
    const cases = [
      [{ kind: 'name', first_name: made.firstName, last_name: made.lastName }, 400, 'CHANGE_UNCHANGED', 'last_name'],
      [{ kind: 'name', first_name: made.firstName, last_name: 'Other', effective_on: addDays(today, 1) }, 400, 'EFFECTIVE_DATE_IN_FUTURE', 'effective_on'],
      [{ kind: 'name', first_name: made.firstName, last_name: 'Other', effective_on: addDays(today, -3) }, 400, 'EFFECTIVE_DATE_BEFORE_OPENING', 'effective_on'],
      [{ kind: 'phones', phones: [{ number: '555-01' }] }, 400, 'PHONE_INVALID', 'phones[0].number'],
      [{ kind: 'emails', emails: ['nobody@'] }, 400, 'EMAIL_INVALID', 'emails[0]'],
      [{ kind: 'responsible_customer', customer_id: 'cust_1' }, 400, 'CHANGE_KIND_INVALID', 'kind'],
      [{ kind: 'name', last_name: 'X', surname: 'Y' }, 400, undefined, 'surname'],
      [{ kind: 'name', first_name: made.firstName, last_name: 'Other', version: 1 }, 409, 'VERSION_MISMATCH', 'version'],
    ];
    for (const [body, status, reason, field] of cases) {
      const res = await csr.post(`${customerPath()}/changes`, body);
      assertError(res, status, { reason, field });
    }
    assert.deepEqual(await changes(), before);
    assertError(await auditor.post(`${customerPath()}/changes`,
      { kind: 'name', first_name: 'A', last_name: 'B' }), 403);
    assertError(await csr.get('/api/v1/customers/cust_999999/changes'), 404);
  });

  it('has no way to change the responsible customer of an account', async () => {
    const res = await csr.post(`/api/v1/accounts/${account.id}/customer`, { customer_id: 'cust_1' });
    assert.ok([404, 405].includes(res.status), show(res));
  });

  let eligibility;
  it('lists the programs the loaded rates name', async () => {
    const programs = assertStatus(await csr.get('/api/v1/eligibility-programs'), 200).data;
    assert.ok(programs.includes('senior'), JSON.stringify(programs));
  });

  it('adds a senior eligibility verified by the signed-in user', async () => {
    const path = `${customerPath()}/eligibilities`;
    assertError(await csr.post(path, { program: 'veteran', document: 'x', renews_on: addDays(today, 30) }),
      400, { reason: 'PROGRAM_UNKNOWN', field: 'program' });
    assertError(await csr.post(path, { program: 'senior', renews_on: addDays(today, 30) }),
      400, { reason: 'BIRTH_DATE_TOO_YOUNG', field: 'birth_date' });
    assertError(await csr.post(path, { program: 'senior', birth_date: '1950-01-01', renews_on: addDays(today, 4000) }),
      400, { reason: 'RENEWS_ON_TOO_LATE', field: 'renews_on' });
    assertError(await csr.post(path, { program: 'senior', birth_date: '1950-01-01', renews_on: today }),
      400, { reason: 'RENEWS_ON_NOT_AFTER_VERIFICATION', field: 'renews_on' });
    assertError(await auditor.post(path, { program: 'senior', birth_date: '1950-01-01', renews_on: addDays(today, 30) }), 403);
    assert.deepEqual(assertStatus(await csr.get(path), 200).data, []);

    eligibility = assertStatus(await csr.post(path,
      { program: 'senior', birth_date: '1950-01-01', renews_on: addDays(today, 30) }), 201);
    assert.match(eligibility.id, /^elig_\d+$/);
    assert.equal(eligibility.status, 'current');
    assert.equal(eligibility.verified_on, today);
    assert.match(eligibility.renews_on, DATE);
    assert.equal(eligibility.verified_by.id, csr.user.id);
    assertError(await csr.post(path, { program: 'senior', birth_date: '1950-01-01', renews_on: addDays(today, 30) }),
      409, { reason: 'ELIGIBILITY_EXISTS', field: 'program' });
  });

  it('lists it on the expiring report, as JSON and CSV, for report readers only', async () => {
    const report = assertStatus(await finance.get('/api/v1/reports/expiring-eligibilities'), 200);
    assert.equal(report.days, 60);
    const row = report.data.find((r) => r.id === eligibility.id);
    assert.ok(row, show({ what: 'report', status: 200, text: JSON.stringify(report).slice(0, 800) }));
    assert.equal(row.account.id, account.id);
    assert.equal(row.days_left, 30);
    assert.equal(row.birth_date, null);
    const csv = await finance.get('/api/v1/reports/expiring-eligibilities?format=csv');
    assert.equal(csv.status, 200, show(csv));
    assert.match(csv.headers.get('content-type') || '', /text\/csv/);
    assert.ok(csv.text.startsWith('renews_on,days_left,program,'), csv.text.slice(0, 200));
    assert.ok(csv.text.includes(account.account_number), 'CSV lacks the account number');
    assertError(await csr.get('/api/v1/reports/expiring-eligibilities'), 403);
    assertError(await finance.get('/api/v1/reports/expiring-eligibilities?days=9999'), 400, { field: 'days' });
  });

  it('renews and ends an eligibility, keeping both in history', async () => {
    const renewed = assertStatus(await supervisor.post(`/api/v1/eligibilities/${eligibility.id}/renew`,
      { renews_on: addDays(today, 700) }), 201);
    assert.equal(renewed.renewal_of, eligibility.id);
    assert.equal(renewed.program, 'senior');
    assertError(await csr.post(`/api/v1/eligibilities/${eligibility.id}/renew`, { renews_on: addDays(today, 700) }),
      422, { reason: 'ELIGIBILITY_RENEWED' });
    assertError(await csr.post(`/api/v1/eligibilities/${renewed.id}/end`, {}), 400, { field: 'reason' });
    const ended = assertStatus(await csr.post(`/api/v1/eligibilities/${renewed.id}/end`,
      { reason: 'No longer lives at the premise' }), 200);
    assert.equal(ended.status, 'ended');
    assert.equal(ended.ended_on, today);
    const list = assertStatus(await auditor.get(`${customerPath()}/eligibilities`), 200).data;
    assert.equal(list.length, 2);
    assert.deepEqual(list.map((e) => e.status).sort(), ['ended', 'renewed']);
    const report = assertStatus(await finance.get('/api/v1/reports/expiring-eligibilities'), 200);
    assert.ok(!report.data.some((r) => r.customer_id === account.customer.id), 'ended eligibility still on the report');
  });
});
