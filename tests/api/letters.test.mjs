// Letters through the HTTP API: the templates, a preview, sending a letter on an account, the
// account's letters, opening a letter's PDF again (byte for byte the same), refusals naming the
// field, permissions per role and the audit log (docs/api.md "Letters"; src/app/letters.h).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show, listAll,
  searchAll, referenceRoute, newAccount, cityToday, formatCents, DATE, RFC3339_UTC,
} from './harness.mjs';

const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const longDate = (text) => {
  const [y, m, d] = text.split('-').map(Number);
  return `${LONG_MONTHS[m - 1]} ${d}, ${y}`;
};

// The PDF as bytes (res.text would decode it as UTF-8).
async function pdfBytes(client, url) {
  const res = await fetch(client.server.url + url, {
    headers: { cookie: `cistern_session=${client.cookie}` },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') || '', bytes };
}

const WELCOME = { template: 'welcome_deposit', fields: { 'deposit.amount': '100.00', 'deposit.installments': '2' } };

describe('letters', () => {
  let server;
  const c = {};
  let route;
  let active; // a demo account with service on

  before(async () => {
    server = await startServer();
    for (const user of ['csr', 'supervisor', 'finance', 'field', 'admin', 'auditor']) {
      c[user] = await signedIn(server, user);
    }
    route = await referenceRoute(c.csr);
    const listed = await searchAll(c.csr, '', { maxPages: 2 });
    active = listed.find((a) => a.status === 'active' && !a.confidential);
    assert.ok(active, 'the demo city has an active account');
  });

  after(async () => {
    if (server) await stopServerAndAssertCleanExit(server);
  });

  it('lists the five templates with the fields the sender must supply', async () => {
    const body = assertStatus(await c.auditor.get('/api/v1/letter-templates'), 200);
    assert.deepEqual(body.data.map((t) => t.code),
      ['welcome_deposit', 'final_bill_notice', 'deposit_refund', 'exemption_renewal', 'returned_payment']);
    const welcome = body.data[0];
    assert.equal(welcome.version, 1);
    assert.equal(welcome.title, 'Welcome, with deposit terms');
    assert.deepEqual(welcome.sender_fields.map((f) => [f.name, f.kind]),
      [['deposit.amount', 'money'], ['deposit.installments', 'count']]);
    const renewal = body.data.find((t) => t.code === 'exemption_renewal');
    assert.deepEqual(renewal.sender_fields.map((f) => f.name),
      ['exemption.expires_on', 'exemption.hauler', 'exemption.permit']);
    assert.ok(body.merge_fields.some((f) => f.name === 'balance' && f.source === 'account'));
  });

  it('previews, sends, lists and opens a letter again byte for byte', async () => {
    const account = await newAccount(c.csr, route);
    const id = account.id;
    const preview = assertStatus(await c.csr.post(`/api/v1/accounts/${id}/letter-previews`, WELCOME), 200);
    assert.equal(preview.id, null);
    assert.equal(preview.pdf_url, null);
    assert.equal(assertStatus(await c.csr.get(`/api/v1/accounts/${id}/letters`), 200).data.length, 0,
      'a preview records nothing');

    const sent = assertStatus(await c.csr.post(`/api/v1/accounts/${id}/letters`, WELCOME), 201);
    assert.match(sent.id, /^ltr_\d+$/);
    assert.equal(sent.account_id, id);
    assert.deepEqual(sent.template, { code: 'welcome_deposit', version: 1, title: 'Welcome, with deposit terms' });
    assert.match(sent.letter_date, DATE);
    assert.equal(sent.letter_date, cityToday());
    assert.equal(sent.date_text, longDate(sent.letter_date));
    assert.match(sent.sent_at, RFC3339_UTC);
    assert.equal(sent.sent_by.id, c.csr.user.id);
    assert.equal(sent.sent_by.display_name, c.csr.user.display_name);
    assert.equal(sent.account_number, account.account_number);
    assert.equal(sent.subject, 'Welcome to City of Moore utility service');
    assert.deepEqual(sent.paragraphs, preview.paragraphs, 'the letter is what the preview showed');
    assert.ok(sent.paragraphs.some((p) => p.includes('A utility deposit of $100.00 is required')), show({ what: 'p', status: 0, text: JSON.stringify(sent.paragraphs) }));
    const fields = Object.fromEntries(sent.fields.map((f) => [f.name, f.value]));
    assert.equal(fields['deposit.amount'], '$100.00');
    assert.equal(fields['deposit.installments'], '2');
    assert.equal(fields['account.number'], account.account_number);
    assert.equal(sent.mailing_address.length, 2);
    assert.equal(sent.pdf_url, `/api/v1/letters/${sent.id}/pdf`);

    const listed = await listAll(c.auditor, `/api/v1/accounts/${id}/letters`);
    assert.equal(listed.length, 1);
    assert.deepEqual(listed[0], { ...sent, contact_hidden: false });
    assert.deepEqual(assertStatus(await c.field.get(`/api/v1/letters/${sent.id}`), 200).paragraphs, sent.paragraphs);

    const first = await pdfBytes(c.csr, sent.pdf_url);
    assert.equal(first.status, 200);
    assert.match(first.type, /^application\/pdf/);
    assert.equal(first.bytes.subarray(0, 5).toString(), '%PDF-');
    const second = await pdfBytes(c.auditor, sent.pdf_url);
    assert.ok(first.bytes.equals(second.bytes), 'opening a letter again gives the same PDF');
  });

  it('states the balance from the ledger', async () => {
    const ledger = assertStatus(await c.csr.get(`/api/v1/accounts/${active.id}/ledger`), 200);
    const sent = assertStatus(await c.csr.post(`/api/v1/accounts/${active.id}/letters`,
      { template: 'deposit_refund', fields: { 'refund.amount': '42.50' } }), 201);
    const fields = Object.fromEntries(sent.fields.map((f) => [f.name, f.value]));
    const balance = ledger.balance.cents;
    assert.equal(fields.balance, balance < 0 ? `${formatCents(-balance)} credit` : formatCents(balance));
    assert.equal(fields['refund.amount'], '$42.50');
  });

  it('refuses bad requests, naming the field, and records nothing', async () => {
    const account = await newAccount(c.csr, route);
    const url = `/api/v1/accounts/${account.id}/letters`;
    assertError(await c.csr.post(url, { template: 'welcome' }), 400, { reason: 'LETTER_TEMPLATE_UNKNOWN', field: 'template' });
    assertError(await c.csr.post(url, { fields: {} }), 400, { field: 'template' });
    assertError(await c.csr.post(url, { template: 'welcome_deposit', fields: { 'deposit.amount': '100' } }), 400,
      { reason: 'LETTER_FIELD_MISSING', field: 'fields.deposit.installments' });
    assertError(await c.csr.post(url, { template: 'welcome_deposit', fields: { 'deposit.amount': 100, 'deposit.installments': '2' } }), 400,
      { field: 'fields.deposit.amount' });
    assertError(await c.csr.post(url, { ...WELCOME, fields: { ...WELCOME.fields, 'deposit.amount': '-5' } }), 400,
      { reason: 'AMOUNT_NEGATIVE', field: 'fields.deposit.amount' });
    assertError(await c.csr.post(url, { ...WELCOME, fields: { ...WELCOME.fields, balance: '0.00' } }), 400,
      { reason: 'LETTER_FIELD_FROM_ACCOUNT', field: 'fields.balance' });
    assertError(await c.csr.post(url, { ...WELCOME, fields: { ...WELCOME.fields, 'refund.amount': '1' } }), 400,
      { reason: 'LETTER_FIELD_NOT_USED', field: 'fields.refund.amount' });
    assertError(await c.csr.post(url, { ...WELCOME, extra: 1 }), 400, { field: 'extra' });
    assertError(await c.csr.post(`/api/v1/accounts/${active.id}/letters`, {
      template: 'exemption_renewal',
      fields: { 'exemption.hauler': 'H'.repeat(121), 'exemption.permit': 'P-1', 'exemption.expires_on': '2026-12-31' },
    }), 400, { reason: 'TEXT_TOO_LONG', field: 'fields.exemption.hauler' });
    assertError(await c.csr.post(`/api/v1/accounts/${active.id}/letters`, {
      template: 'exemption_renewal',
      fields: { 'exemption.hauler': 'Sooner Waste', 'exemption.permit': 'P-1', 'exemption.expires_on': '12/31/2026' },
    }), 400, { field: 'fields.exemption.expires_on' });
    // A pending account has had no service, so there is no final bill to give notice of.
    assertError(await c.csr.post(url, { template: 'final_bill_notice', fields: { stop_date: '2026-11-20', due_date: '2026-12-15' } }),
      422, { reason: 'LETTER_NOT_FOR_STATUS', field: 'template' });
    assertError(await c.csr.post('/api/v1/accounts/acct_99999999/letters', WELCOME), 404);
    assertError(await c.csr.post('/api/v1/accounts/cust_1/letters', WELCOME), 400, { field: 'account_id' });
    assertError(await c.csr.get('/api/v1/letters/ltr_99999999'), 404);
    assertError(await c.csr.get('/api/v1/letters/acct_1/pdf'), 400, { field: 'letter_id' });
    assert.equal((await listAll(c.csr, `/api/v1/accounts/${account.id}/letters`)).length, 0);
  });

  it('lets every role but the auditor send, and every role read', async () => {
    const account = await newAccount(c.csr, route);
    const url = `/api/v1/accounts/${account.id}/letters`;
    assertError(await c.auditor.post(url, WELCOME), 403);
    assertError(await c.auditor.post(`/api/v1/accounts/${account.id}/letter-previews`, WELCOME), 403);
    for (const role of ['supervisor', 'finance', 'field', 'admin']) {
      assertStatus(await c[role].post(url, WELCOME), 201);
    }
    const listed = await listAll(c.auditor, url);
    assert.equal(listed.length, 4);
    assert.ok(listed[0].id > listed[3].id || Number(listed[0].id.slice(4)) > Number(listed[3].id.slice(4)),
      'newest first');
    const signedOut = await fetch(`${server.url}${url}`);
    assert.equal(signedOut.status, 401);
  });

  it('suggests sender fields from the account\'s records; sending merges what is sent', async () => {
    const account = await newAccount(c.csr, route);
    const url = (code) => `/api/v1/accounts/${account.id}/letters/suggested-fields?template=${code}`;
    // Nothing on record: nothing suggested.
    assert.deepEqual(assertStatus(await c.csr.get(url('welcome_deposit')), 200),
      { template: 'welcome_deposit', fields: {} });
    assertStatus(await c.csr.request('PUT', `/api/v1/accounts/${account.id}/deposit`,
      { json: { tenure: 'renter', installments: 2 } }), 200);
    const welcome = assertStatus(await c.csr.get(url('welcome_deposit')), 200);
    assert.deepEqual(welcome, {
      template: 'welcome_deposit',
      fields: { 'deposit.amount': '100.00', 'deposit.installments': '2' },
    });
    // Every role that reads accounts sees them; only the template's own fields, and a field no
    // record answers is absent.
    assert.deepEqual(assertStatus(await c.auditor.get(url('welcome_deposit')), 200), welcome);
    assert.deepEqual(assertStatus(await c.csr.get(url('deposit_refund')), 200).fields, {});
    const returned = assertStatus(await c.csr.get(url('returned_payment')), 200).fields;
    assert.deepEqual(Object.keys(returned), ['fee.amount'], 'the returned-item fee is the city\'s');
    assert.match(returned['fee.amount'], /^\d+\.\d{2}$/);

    // The suggestions are sent as they are, or changed: what is sent is what is merged.
    const sent = assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/letters`,
      { template: 'welcome_deposit', fields: { ...welcome.fields, 'deposit.amount': '80.00' } }), 201);
    const merged = Object.fromEntries(sent.fields.map((f) => [f.name, f.value]));
    assert.equal(merged['deposit.amount'], '$80.00');
    assert.equal(merged['deposit.installments'], '2');

    assertError(await c.csr.get(url('welcome_deposits')), 400,
      { reason: 'LETTER_TEMPLATE_UNKNOWN', field: 'template' });
    assertError(await c.csr.get(`/api/v1/accounts/${account.id}/letters/suggested-fields`), 400,
      { reason: 'FIELD_REQUIRED', field: 'template' });
    assertError(await c.csr.get('/api/v1/accounts/acct_999999999/letters/suggested-fields?template=welcome_deposit'),
      404);
    const signedOut = await fetch(`${server.url}${url('welcome_deposit')}`);
    assert.equal(signedOut.status, 401);
  });

  it('suggests the due date of the account\'s newest posted bill', async () => {
    const billed = (await searchAll(c.csr, '', { maxPages: 2 })).filter((a) => a.status === 'active');
    for (const account of billed) {
      const bills = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}/bills`), 200).data;
      const newest = bills.find((b) => b.status === 'posted');
      if (!newest) continue;
      const body = assertStatus(await c.csr.get(
        `/api/v1/accounts/${account.id}/letters/suggested-fields?template=final_bill_notice`), 200);
      assert.equal(body.fields.due_date, newest.due_date);
      return;
    }
    assert.fail('the demo city has an active account with a posted bill');
  });

  it('audits every letter sent', async () => {
    const sent = assertStatus(await c.csr.post(`/api/v1/accounts/${active.id}/letters`, {
      template: 'returned_payment',
      fields: {
        'payment.amount': '84.10', 'payment.date': '2026-11-02', 'payment.reference': 'check #1042',
        'payment.reason': 'insufficient funds', 'fee.amount': '25.00', due_date: '2026-12-10',
      },
    }), 201);
    const events = await listAll(c.supervisor, '/api/v1/audit-events?entity_type=letter', { maxPages: 1 });
    const event = events.find((e) => e.action === 'letter.send' && e.entity_id.endsWith(`_${sent.id.slice(4)}`));
    assert.ok(event, `no letter.send event for ${sent.id}`);
    assert.equal(event.user.display_name, c.csr.user.display_name);
    const changes = Object.fromEntries(event.changes.map((ch) => [ch.field, ch.after]));
    assert.equal(changes.template, 'returned_payment');
    assert.equal(changes['fields.payment.amount'], '$84.10');
    assert.equal(changes['fields.fee.amount'], '$25.00');
  });
});
