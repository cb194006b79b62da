// POST /api/v1/accounts with bad input: each violation is a 400 (or 413) naming its field, and
// nothing is written: no customer, premise or account, and no audit event.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus,
  referenceRoute, personAccountBody, searchAll, newestAuditEventId, SESSION_COOKIE,
} from './harness.mjs';

const FUTURE_YEAR = new Date().getUTCFullYear() + 1;

// Accepts customer.phones[0].number, customer.phones.0.number (either array-index spelling).
const item = (prefix, rest = '') => new RegExp(`^${prefix.replace(/\./g, '\\.')}(\\[0\\]|\\.0)${rest.replace(/\./g, '\\.')}$`);

// Each case changes a valid body (made by personAccountBody) or replaces it with raw text.
const CASES = [
  // Not a JSON object.
  { name: 'malformed JSON', raw: (b) => JSON.stringify(b).slice(0, -7), reason: 'MALFORMED_JSON', field: null },
  { name: 'trailing garbage after the object', raw: (b) => `${JSON.stringify(b)} }`, reason: 'MALFORMED_JSON', field: null },
  { name: 'a JSON array', raw: (b) => JSON.stringify([b]), reason: 'MALFORMED_JSON', field: null },
  { name: 'a JSON string', raw: () => '"hello"', reason: 'MALFORMED_JSON', field: null },
  { name: 'JSON null', raw: () => 'null', reason: 'MALFORMED_JSON', field: null },
  { name: 'an empty body', raw: () => '', reason: 'MALFORMED_JSON', field: null },
  // Wrong types.
  { name: 'phones as a string', change: (b) => { b.customer.phones = '405-555-0142'; }, field: 'customer.phones' },
  { name: 'inside_city_limits as "yes"', change: (b) => { b.premise.inside_city_limits = 'yes'; }, field: 'premise.inside_city_limits' },
  { name: 'unit_count as a string', change: (b) => { b.premise.unit_count = '1'; }, field: 'premise.unit_count' },
  { name: 'unit_count as a fraction', change: (b) => { b.premise.unit_count = 1.5; }, field: 'premise.unit_count' },
  { name: 'customer as a string', change: (b) => { b.customer = 'Maria Lopez'; }, field: 'customer' },
  { name: 'first_name as a number', change: (b) => { b.customer.first_name = 42; }, field: 'customer.first_name' },
  { name: 'emails as an object', change: (b) => { b.customer.emails = { home: 'a@example.com' }; }, field: 'customer.emails' },
  { name: 'confidential as "no"', change: (b) => { b.customer.confidential = 'no'; }, field: 'customer.confidential' },
  { name: 'a phone as a number', change: (b) => { b.customer.phones = [{ number: 4055550142, label: 'mobile' }]; }, field: item('customer.phones', '.number') },
  // Missing required fields.
  { name: 'missing customer.last_name', change: (b) => { delete b.customer.last_name; }, field: 'customer.last_name', reason: 'FIELD_REQUIRED' },
  { name: 'blank customer.last_name', change: (b) => { b.customer.last_name = '   '; }, field: 'customer.last_name' },
  { name: 'missing customer.first_name', change: (b) => { delete b.customer.first_name; }, field: 'customer.first_name', reason: 'FIELD_REQUIRED' },
  { name: 'missing premise.address.line1', change: (b) => { delete b.premise.address.line1; }, field: 'premise.address.line1', reason: 'FIELD_REQUIRED' },
  { name: 'missing premise.address', change: (b) => { delete b.premise.address; }, field: 'premise.address' },
  { name: 'missing premise.address.city', change: (b) => { delete b.premise.address.city; }, field: 'premise.address.city' },
  { name: 'business without business_name', change: (b) => { b.customer.kind = 'business'; b.customer.business_name = ''; }, field: 'customer.business_name' },
  { name: 'no phone and no email', change: (b) => { b.customer.phones = []; b.customer.emails = []; }, field: /^customer\.(phones|emails)$/ },
  // Unknown fields.
  { name: 'unknown field customer.nickname', change: (b) => { b.customer.nickname = 'Mari'; }, field: 'customer.nickname' },
  { name: 'unknown top-level field', change: (b) => { b.priority = 'high'; }, field: 'priority' },
  { name: 'unknown field premise.address.county', change: (b) => { b.premise.address.county = 'Cleveland'; }, field: 'premise.address.county' },
  { name: 'account.status (accounts start pending)', change: (b) => { b.account.status = 'active'; }, field: 'account.status' },
  // Bad values.
  { name: 'postal code with 4 digits', change: (b) => { b.premise.address.postal_code = '7316'; }, field: 'premise.address.postal_code' },
  { name: 'postal code NNNNN-NN', change: (b) => { b.premise.address.postal_code = '73160-12'; }, field: 'premise.address.postal_code' },
  { name: 'mailing postal code with letters', change: (b) => { b.customer.mailing_address.postal_code = 'ABCDE'; }, field: 'customer.mailing_address.postal_code' },
  { name: 'state ZZ', change: (b) => { b.premise.address.state = 'ZZ'; }, field: 'premise.address.state' },
  { name: 'state spelled out', change: (b) => { b.customer.mailing_address.state = 'Oklahoma'; }, field: 'customer.mailing_address.state' },
  { name: 'email without a dot in the host', change: (b) => { b.customer.emails = ['mlopez@example']; }, field: item('customer.emails') },
  { name: 'email without @', change: (b) => { b.customer.emails = ['mlopez.example.com']; }, field: item('customer.emails') },
  { name: 'phone with 7 digits', change: (b) => { b.customer.phones[0].number = '555-0142'; }, field: item('customer.phones', '.number') },
  { name: 'phone with letters', change: (b) => { b.customer.phones[0].number = '405-555-CALL'; }, field: item('customer.phones', '.number') },
  { name: 'date_of_birth in the future', change: (b) => { b.customer.date_of_birth = `${FUTURE_YEAR}-06-01`; }, field: 'customer.date_of_birth' },
  { name: 'date_of_birth 2026-02-30', change: (b) => { b.customer.date_of_birth = '2026-02-30'; }, field: 'customer.date_of_birth' },
  { name: 'date_of_birth 1980-02-14T00:00:00Z', change: (b) => { b.customer.date_of_birth = '1980-02-14T00:00:00Z'; }, field: 'customer.date_of_birth' },
  { name: 'date_of_birth 02/14/1980', change: (b) => { b.customer.date_of_birth = '02/14/1980'; }, field: 'customer.date_of_birth' },
  { name: 'id_last4 "12a4"', change: (b) => { b.customer.id_last4 = '12a4'; }, field: 'customer.id_last4' },
  { name: 'id_last4 with 5 digits', change: (b) => { b.customer.id_last4 = '12345'; }, field: 'customer.id_last4' },
  { name: 'unknown customer kind', change: (b) => { b.customer.kind = 'robot'; }, field: 'customer.kind' },
  { name: 'unknown premise_type', change: (b) => { b.premise.premise_type = 'castle'; }, field: 'premise.premise_type' },
  { name: 'multi_family with unit_count 1', change: (b) => { b.premise.premise_type = 'multi_family'; b.premise.unit_count = 1; }, field: 'premise.unit_count' },
  { name: 'multi_family without unit_count', change: (b) => { b.premise.premise_type = 'multi_family'; delete b.premise.unit_count; }, field: 'premise.unit_count' },
  { name: 'single_family with unit_count 3', change: (b) => { b.premise.unit_count = 3; }, field: 'premise.unit_count' },
  { name: 'unknown route', change: (b) => { b.premise.route = 'R99X'; }, field: 'premise.route' },
  { name: 'unknown cycle', change: (b) => { b.premise.cycle = '999'; }, field: 'premise.cycle' },
  { name: 'account.opened_on 2026-13-01', change: (b) => { b.account.opened_on = '2026-13-01'; }, field: 'account.opened_on' },
  { name: 'account.mailing_address with a bad state', change: (b) => { b.account.mailing_address = { ...b.customer.mailing_address, state: 'XX' }; }, field: 'account.mailing_address.state' },
];

// A request with a chunked body (no Content-Length), written with node:http so that it also works
// when the server answers before reading the whole body.
function postChunked(server, client, urlPath, chunks) {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url + urlPath);
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${client.cookie}`,
        'x-csrf-token': client.csrf, 'transfer-encoding': 'chunked' },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let body = text;
        try { body = JSON.parse(text); } catch { /* keep text */ }
        resolve({ what: `POST ${urlPath} (chunked)`, status: res.statusCode,
          headers: { get: (h) => res.headers[h.toLowerCase()] ?? null }, body, text, setCookies: [] });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (err) => { if (!req.res) reject(err); });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('account validation', () => {
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

  // Asserts that nothing of `made` was written and that no audit event appeared since `auditBefore`.
  async function assertNothingWritten(made, auditBefore) {
    assert.deepEqual(await searchAll(supervisor, made.lastName), [], 'a customer was written');
    assert.deepEqual(await searchAll(supervisor, made.street), [], 'a premise/account was written');
    assert.deepEqual(await searchAll(supervisor, made.email), [], 'a customer was written');
    assert.equal(await newestAuditEventId(supervisor), auditBefore, 'an audit event was written');
  }

  let control; // the account created by the first test

  it('the unchanged valid body is accepted (so each refusal below is about its one change)', async () => {
    const made = personAccountBody(route);
    control = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
  });

  for (const c of CASES) {
    it(`refuses ${c.name}`, async () => {
      const made = personAccountBody(route);
      const auditBefore = await newestAuditEventId(supervisor);
      let res;
      if (c.raw) {
        res = await csr.request('POST', '/api/v1/accounts', { body: c.raw(made.body) });
      } else {
        c.change(made.body);
        res = await csr.post('/api/v1/accounts', made.body);
      }
      assertError(res, 400, { code: 'INVALID_ARGUMENT', field: c.field, reason: c.reason });
      await assertNothingWritten(made, auditBefore);
    });
  }

  it('refuses a body over 64 KiB with 413 BODY_TOO_LARGE', async () => {
    const made = personAccountBody(route);
    const auditBefore = await newestAuditEventId(supervisor);
    made.body.customer.business_name = 'x'.repeat(70 * 1024);
    const res = await csr.post('/api/v1/accounts', made.body);
    assertError(res, 413, { reason: 'BODY_TOO_LARGE' });
    await assertNothingWritten(made, auditBefore);
    // The server is still healthy afterwards.
    assertStatus(await csr.get('/api/v1/health'), 200);
  });

  // A chunked body's size is unknown until it has been read, so the server refuses chunked
  // bodies of any size before reading them (docs/api.md), large or small.
  for (const size of [100 * 1024, 100]) {
    it(`refuses a chunked body (${size} bytes of name) with 415 BODY_ENCODING_UNSUPPORTED`, async () => {
      const made = personAccountBody(route);
      const auditBefore = await newestAuditEventId(supervisor);
      made.body.customer.business_name = 'y'.repeat(size);
      const text = JSON.stringify(made.body);
      const chunks = [];
      for (let i = 0; i < text.length; i += 8192) chunks.push(text.slice(i, i + 8192));
      const res = await postChunked(server, csr, '/api/v1/accounts', chunks);
      assertError(res, 415, { reason: 'BODY_ENCODING_UNSUPPORTED' });
      await assertNothingWritten(made, auditBefore);
      assertStatus(await csr.get('/api/v1/health'), 200);
    });
  }

  it('still accepts a valid body after all the refusals, and no refusal left an orphan row', async () => {
    const made = personAccountBody(route);
    const account = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
    assert.deepEqual((await searchAll(csr, made.lastName)).map((r) => r.id), [account.id]);
    // A customer or premise written by a refused request has no account, so search cannot see it.
    // The store is SQLite (the harness made t.db), whose row ids are max(id)+1 and leave no gap for
    // a rolled-back insert: so the ids right after the control account's prove nothing was kept.
    assert.ok(control, 'the control account was not created');
    const next = (id) => id.replace(/\d+$/, (n) => String(Number(n) + 1));
    assert.equal(account.customer.id, next(control.customer.id), 'a refused request left a customer row behind');
    assert.equal(account.premise.id, next(control.premise.id), 'a refused request left a premise row behind');
    assert.equal(account.id, next(control.id), 'a refused request left an account row behind');
  });
});
