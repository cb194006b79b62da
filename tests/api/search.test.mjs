// Account search, pagination, and confidential customers.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show, qs,
  referenceRoute, personAccountBody, searchAll, digitsOf, dammValid, DEMO_ACCOUNTS,
} from './harness.mjs';

const RESULT_KEYS = ['id', 'account_number', 'status', 'customer_name', 'customer_id', 'service_address',
  'premise_id', 'confidential'];

function search(client, params) {
  return client.get(`/api/v1/accounts${qs(params)}`);
}

describe('account search', () => {
  let server;
  let csr;
  let supervisor;
  let auditor;
  let route;
  let created; // {made, account} created by csr, not confidential
  let demo; // a demo account with phone and email, not confidential: {result, detail}

  before(async () => {
    server = await startServer();
    csr = await signedIn(server, 'csr');
    supervisor = await signedIn(server, 'supervisor');
    auditor = await signedIn(server, 'auditor');
    route = await referenceRoute(csr);
    const made = personAccountBody(route);
    const res = await csr.post('/api/v1/accounts', made.body);
    created = { made, account: assertStatus(res, 201) };

    // Pick a demo account from the middle of the list whose customer has a phone and an email.
    const list = assertStatus(await search(csr, { page_size: 100 }), 200);
    for (const result of list.data.slice(40).concat(list.data.slice(0, 40))) {
      if (result.confidential || !result.phone || !result.email) continue;
      const detail = assertStatus(await csr.get(`/api/v1/accounts/${result.id}`), 200);
      demo = { result, detail };
      break;
    }
    assert.ok(demo, 'no non-confidential demo account with phone and email in the first 100');
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('results have the documented shape', async () => {
    const res = await search(csr, { q: created.made.lastName });
    const body = assertStatus(res, 200);
    assert.ok(Array.isArray(body.data), show(res));
    assert.equal(body.data.length, 1, show(res));
    const [r] = body.data;
    for (const key of RESULT_KEYS) assert.ok(key in r, `result lacks ${key}: ${show(res)}`);
    const a = created.account;
    assert.equal(r.id, a.id);
    assert.equal(r.account_number, a.account_number);
    assert.equal(r.status, 'pending');
    assert.equal(r.customer_id, a.customer.id);
    assert.equal(r.premise_id, a.premise.id);
    assert.equal(r.customer_name, a.customer.display_name);
    assert.equal(r.customer_name, `${created.made.firstName} ${created.made.lastName}`);
    assert.ok(r.service_address.includes(created.made.body.premise.address.line1), show(res));
    assert.equal(digitsOf(r.phone), created.made.phoneDigits);
    assert.equal(r.email, created.made.email);
    assert.equal(r.confidential, false);
    assert.ok(!('next_page_token' in body) || body.next_page_token === undefined,
      `next_page_token must be absent on the last page: ${show(res)}`);
  });

  it('finds an account by its exact number, first, also with dashes and spaces', async () => {
    const number = demo.result.account_number;
    assert.match(number, /^\d{10}$/);
    assert.ok(dammValid(number), `demo account number ${number} fails the Damm check`);
    const spellings = [number, `${number.slice(0, 4)}-${number.slice(4, 7)}-${number.slice(7)}`,
      `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`, ` ${number} `];
    for (const q of spellings) {
      const res = await search(csr, { q });
      const body = assertStatus(res, 200);
      assert.ok(body.data.length >= 1, `q=${JSON.stringify(q)} found nothing: ${show(res)}`);
      assert.equal(body.data[0].id, demo.result.id, `q=${JSON.stringify(q)}: the exact match is not first: ${show(res)}`);
    }
  });

  it('fetches an account by number, with or without dashes', async () => {
    const number = demo.result.account_number;
    const plain = assertStatus(await csr.get(`/api/v1/accounts/by-number/${number}`), 200);
    assert.equal(plain.id, demo.result.id);
    const dashed = assertStatus(await csr.get(
      `/api/v1/accounts/by-number/${number.slice(0, 4)}-${number.slice(4, 7)}-${number.slice(7)}`), 200);
    assert.equal(dashed.id, demo.result.id);
    // A number with a wrong check digit is refused (400), never confused with another account.
    const wrong = number.slice(0, 9) + String((Number(number[9]) + 1) % 10);
    const res = await csr.get(`/api/v1/accounts/by-number/${wrong}`);
    assert.ok([400, 404].includes(res.status), show(res));
    assertError(res, res.status);
  });

  it('finds by name prefix, by full name word, and by first name', async () => {
    const { lastName, firstName } = created.made;
    for (const q of [lastName.slice(0, 5), lastName, firstName, `${firstName} ${lastName}`]) {
      const results = await searchAll(csr, q);
      assert.ok(results.some((r) => r.id === created.account.id), `q=${q} did not find the account`);
    }
    // A prefix is anchored at the start of a word: an inner fragment of the unique name matches nothing.
    const inner = lastName.slice(3, 8);
    const res = assertStatus(await search(csr, { q: inner }), 200);
    assert.ok(!res.data.some((r) => r.id === created.account.id), `inner fragment ${inner} matched`);
  });

  it('finds nothing for text with nothing searchable in it, but lists all for blank text', async () => {
    for (const q of ['---', '@@', '()', '"*']) {
      const res = assertStatus(await csr.get(`/api/v1/accounts?q=${encodeURIComponent(q)}`), 200);
      assert.deepEqual(res.data, [], `q=${q}`);
    }
    const blank = assertStatus(await csr.get('/api/v1/accounts?q=%20%20&page_size=5'), 200);
    assert.equal(blank.data.length, 5);
  });

  it('finds by a street word of the service address', async () => {
    const results = await searchAll(csr, created.made.street);
    assert.deepEqual(results.map((r) => r.id), [created.account.id]);
    // And a demo account by its street name word (the longest word of the service address).
    const word = demo.result.service_address.split(/\s+/).filter((w) => /^[A-Za-z]{4,}$/.test(w))
      .sort((x, y) => y.length - x.length)[0];
    if (word) {
      const demoResults = await searchAll(csr, word, { maxPages: 20 });
      assert.ok(demoResults.some((r) => r.id === demo.result.id), `street word ${word} did not find ${demo.result.id}`);
    }
  });

  it('finds by phone digits', async () => {
    const results = await searchAll(csr, created.made.phoneDigits);
    assert.deepEqual(results.map((r) => r.id), [created.account.id]);
    const demoDigits = digitsOf(demo.result.phone);
    assert.equal(demoDigits.length, 10, `demo phone ${demo.result.phone}`);
    const demoResults = await searchAll(csr, demoDigits);
    assert.ok(demoResults.some((r) => r.id === demo.result.id), `phone ${demoDigits} did not find ${demo.result.id}`);
  });

  it('finds by email', async () => {
    const results = await searchAll(csr, created.made.email);
    assert.deepEqual(results.map((r) => r.id), [created.account.id]);
    const demoResults = await searchAll(csr, demo.result.email);
    assert.ok(demoResults.some((r) => r.id === demo.result.id), `email ${demo.result.email} did not find ${demo.result.id}`);
  });

  it('finds nothing for a word nobody has', async () => {
    const res = await search(csr, { q: 'Qqzzxxjjvvkk' });
    const body = assertStatus(res, 200);
    assert.deepEqual(body.data, [], show(res));
  });

  it('paginates with page_size and page_token into disjoint pages, in account-number order', async () => {
    const first = assertStatus(await search(csr, { page_size: 7 }), 200);
    assert.equal(first.data.length, 7);
    assert.equal(typeof first.next_page_token, 'string');
    assert.ok(first.next_page_token.length > 0);
    const second = assertStatus(await search(csr, { page_size: 7, page_token: first.next_page_token }), 200);
    assert.equal(second.data.length, 7);
    const firstIds = new Set(first.data.map((r) => r.id));
    for (const r of second.data) assert.ok(!firstIds.has(r.id), `${r.id} is on both pages`);
    const numbers = first.data.concat(second.data).map((r) => r.account_number);
    assert.deepEqual(numbers, [...numbers].sort(), 'empty q must list accounts by number');
    // The same token gives the same page again.
    const again = assertStatus(await search(csr, { page_size: 7, page_token: first.next_page_token }), 200);
    assert.deepEqual(again.data.map((r) => r.id), second.data.map((r) => r.id));
  });

  it('defaults page_size to 20 and walks every account exactly once', async () => {
    const dflt = assertStatus(await search(csr, {}), 200);
    assert.equal(dflt.data.length, 20);
    const all = await searchAll(csr, '', { pageSize: 100, maxPages: 20 });
    assert.ok(all.length >= DEMO_ACCOUNTS + 1, `only ${all.length} accounts listed`);
    const ids = new Set(all.map((r) => r.id));
    assert.equal(ids.size, all.length, 'an account appears on two pages');
    assert.ok(ids.has(created.account.id));
    const numbers = all.map((r) => r.account_number);
    assert.deepEqual(numbers, [...numbers].sort());
    for (const n of numbers) assert.ok(dammValid(n), `account number ${n} fails the Damm check`);
  });

  it('paginates a search query too', async () => {
    // Walk the results of a one-letter prefix in pages of 5 and compare with one page of 100.
    const big = assertStatus(await search(csr, { q: 'a', page_size: 100 }), 200);
    if (big.data.length < 11) return; // too few matches in this demo city to page through
    const paged = [];
    let token;
    for (let i = 0; i < 3; i += 1) {
      const page = assertStatus(await search(csr, { q: 'a', page_size: 5, page_token: token }), 200);
      assert.equal(page.data.length, 5);
      paged.push(...page.data.map((r) => r.id));
      token = page.next_page_token;
      assert.ok(token);
    }
    assert.equal(new Set(paged).size, 15);
    assert.deepEqual(paged, big.data.slice(0, 15).map((r) => r.id));
  });

  it('refuses page_size 0, 101, 1000 and non-numbers with 400 naming page_size', async () => {
    for (const pageSize of ['0', '101', '1000', '-1', 'abc']) {
      assertError(await search(csr, { page_size: pageSize }), 400, { code: 'INVALID_ARGUMENT', field: 'page_size' });
    }
    assertStatus(await search(csr, { page_size: 1 }), 200);
    assertStatus(await search(csr, { page_size: 100 }), 200);
  });

  it('refuses a page_token it did not issue with 400', async () => {
    for (const token of ['not a token!', 'garbage', '%%%']) {
      assertError(await search(csr, { page_token: token }), 400, { code: 'INVALID_ARGUMENT', field: [undefined, 'page_token'] });
    }
  });

  describe('confidential customers', () => {
    let conf; // {made, account}

    before(async () => {
      const made = personAccountBody(route);
      made.body.customer.confidential = true;
      // A mailing address apart from the service address, so that it can be looked for.
      made.mailLine1 = `PO Box ${10000 + Math.floor(Math.random() * 89999)}`;
      made.body.customer.mailing_address = { line1: made.mailLine1, line2: '', city: 'Norman', state: 'OK',
        postal_code: '73070' };
      const res = await csr.post('/api/v1/accounts', made.body);
      conf = { made, account: assertStatus(res, 201) };
    });

    it('csr reading the account sees contact_hidden and no contact details', async () => {
      const res = await csr.get(`/api/v1/accounts/${conf.account.id}`);
      const customer = assertStatus(res, 200).customer;
      assert.equal(customer.confidential, true);
      assert.equal(customer.contact_hidden, true);
      for (const key of ['phones', 'emails', 'mailing_address', 'date_of_birth']) {
        assert.ok(!(key in customer), `csr sees ${key} of a confidential customer: ${show(res)}`);
      }
      assert.ok(!res.text.includes(conf.made.email), `the email leaks somewhere in the answer: ${show(res)}`);
      assert.ok(!digitsOf(res.text).includes(conf.made.phoneDigits), `the phone leaks: ${show(res)}`);
      assert.ok(!res.text.includes(conf.made.mailLine1), `the mailing address leaks (e.g. as the account's): ${show(res)}`);
      assert.ok(!res.text.includes(conf.made.body.customer.date_of_birth), `the date of birth leaks: ${show(res)}`);
      assert.equal(customer.last_name, conf.made.lastName, 'the name itself is not hidden');
    });

    it('csr reading its history does not see the contact details either; supervisor does', async () => {
      const res = await csr.get(`/api/v1/accounts/${conf.account.id}/history`);
      assertStatus(res, 200);
      assert.ok(res.body.data.length > 0, show(res));
      assert.ok(!res.text.includes(conf.made.email), `the email leaks through history: ${show(res)}`);
      assert.ok(!digitsOf(res.text).includes(conf.made.phoneDigits), `the phone leaks through history: ${show(res)}`);
      assert.ok(!res.text.includes(conf.made.mailLine1), `the mailing address leaks through history: ${show(res)}`);
      assert.ok(!res.text.includes(conf.made.body.customer.date_of_birth), `the date of birth leaks through history: ${show(res)}`);
      const full = await supervisor.get(`/api/v1/accounts/${conf.account.id}/history`);
      assertStatus(full, 200);
      assert.ok(full.text.includes(conf.made.email), `the audit trail lost the email: ${show(full)}`);
    });

    it('csr search results for it omit phone and email', async () => {
      const results = await searchAll(csr, conf.made.lastName);
      assert.equal(results.length, 1);
      const [r] = results;
      assert.equal(r.id, conf.account.id);
      assert.equal(r.confidential, true);
      assert.ok(!('phone' in r) && !('email' in r), `csr sees contact details in search: ${JSON.stringify(r)}`);
    });

    it('csr cannot find it by phone or email; supervisor and auditor can', async () => {
      for (const q of [conf.made.phoneDigits, conf.made.email]) {
        const csrResults = await searchAll(csr, q);
        assert.ok(!csrResults.some((r) => r.id === conf.account.id), `csr found the confidential customer by ${q}`);
        for (const reader of [supervisor, auditor]) {
          const results = await searchAll(reader, q);
          assert.ok(results.some((r) => r.id === conf.account.id), `${reader.user.username} did not find it by ${q}`);
        }
      }
    });

    it('supervisor sees the contact details', async () => {
      const res = await supervisor.get(`/api/v1/accounts/${conf.account.id}`);
      const customer = assertStatus(res, 200).customer;
      assert.equal(customer.confidential, true);
      assert.equal(customer.contact_hidden, false);
      assert.deepEqual(customer.phones.map((p) => digitsOf(p.number)), [conf.made.phoneDigits]);
      assert.deepEqual(customer.emails, [conf.made.email]);
      assert.equal(customer.date_of_birth, conf.made.body.customer.date_of_birth);
      assert.deepEqual(customer.mailing_address, conf.made.body.customer.mailing_address);
      const [r] = (await searchAll(supervisor, conf.made.lastName));
      assert.equal(digitsOf(r.phone), conf.made.phoneDigits);
      assert.equal(r.email, conf.made.email);
    });

    it('csr cannot see the contact details by account number either', async () => {
      const res = await csr.get(`/api/v1/accounts/by-number/${conf.account.account_number}`);
      const customer = assertStatus(res, 200).customer;
      assert.equal(customer.contact_hidden, true);
      assert.ok(!('phones' in customer) && !('emails' in customer), show(res));
    });
  });
});
