// Harness for the API tests: a real `cistern serve` process on an ephemeral port, with a fresh
// demo database in a temporary directory, and a small HTTP client that behaves like the console
// (keeps the session cookie, sends the CSRF token on state-changing requests).
//
// Plain Node (18+): node:test, node:assert/strict, built-in fetch. No npm packages.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

export const BIN = process.env.CISTERN_BIN || '/work/main/build/cistern';
export const DEMO_ACCOUNTS = 300;
export const DEMO_SEED = 11;
export const DEMO_USERS = ['csr', 'supervisor', 'finance', 'field', 'admin', 'auditor'];
export const demoPassword = (username) => `demo-${username}-2026`;

const DEMO_TIMEOUT_MS = 120_000;
const LISTEN_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL_CHARS = 8_000;

// The permission table of docs/api.md, by role.
export const ROLE_PERMISSIONS = {
  csr: ['accounts.read', 'accounts.write', 'notes.write', 'payments.post', 'meters.write', 'rates.audit'],
  supervisor: ['accounts.read', 'accounts.write', 'notes.write', 'contacts.confidential.read', 'audit.read',
    'payments.post', 'payments.reverse', 'approvals.decide', 'reports.read', 'meters.write', 'billing.run',
    'rates.audit'],
  finance: ['accounts.read', 'notes.write', 'payments.post', 'payments.reverse', 'reports.read',
    'billing.run', 'rates.audit'],
  field: ['accounts.read', 'notes.write', 'meters.write'],
  admin: ['accounts.read', 'accounts.write', 'notes.write', 'contacts.confidential.read', 'audit.read',
    'users.manage', 'reports.read', 'reference.manage', 'rates.manage', 'rates.audit'],
  auditor: ['accounts.read', 'contacts.confidential.read', 'audit.read', 'reports.read', 'rates.audit'],
};

// The error codes of docs/api.md, by HTTP status.
export const CODE_FOR_STATUS = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
};

function keepTail(text, chunk) {
  const joined = text + chunk;
  return joined.length > OUTPUT_TAIL_CHARS ? joined.slice(-OUTPUT_TAIL_CHARS) : joined;
}

function runToCompletion(file, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output = keepTail(output, d.toString()); });
    child.stderr.on('data', (d) => { output = keepTail(output, d.toString()); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} did not finish in ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${file} (set CISTERN_BIN to the built binary): ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${file} ${args.join(' ')} exited with code ${code} signal ${signal}\n${output}`));
    });
  });
}

// Creates a demo database and starts `cistern serve` on it. Returns the server handle.
export async function startServer({ accounts = DEMO_ACCOUNTS, seed = DEMO_SEED } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cistern-api-'));
  const db = path.join(dir, 't.db');
  try {
    await runToCompletion(BIN, ['demo', '--db', db, '--accounts', String(accounts), '--seed', String(seed)],
      DEMO_TIMEOUT_MS);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const child = spawn(BIN, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const server = {
    dir,
    db,
    child,
    url: null,
    output: '',
    exited: null, // {code, signal} once the process has ended
    tail() { return server.output; },
    stop: () => stopServer(server),
  };
  const killOnExit = () => { if (!server.exited) child.kill('SIGKILL'); };
  process.on('exit', killOnExit);
  const exitedPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      server.exited = { code, signal };
      process.off('exit', killOnExit);
      resolve(server.exited);
    });
  });
  server.exitedPromise = exitedPromise;

  let stdoutLine = '';
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`cistern serve printed no "listening on http://127.0.0.1:PORT" line in ` +
        `${LISTEN_TIMEOUT_MS} ms\n${server.output}`));
    }, LISTEN_TIMEOUT_MS);
    child.stdout.on('data', (d) => {
      const text = d.toString();
      server.output = keepTail(server.output, text);
      stdoutLine += text;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdoutLine);
      if (match && !server.url) {
        clearTimeout(timer);
        const port = Number(match[1]);
        if (!(port > 0 && port < 65536)) {
          reject(new Error(`cistern serve announced an impossible port ${match[1]}`));
          return;
        }
        server.url = `http://127.0.0.1:${port}`;
        resolve();
      }
      if (stdoutLine.length > OUTPUT_TAIL_CHARS) stdoutLine = stdoutLine.slice(-200);
    });
    child.stderr.on('data', (d) => { server.output = keepTail(server.output, d.toString()); });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${BIN} serve: ${err.message}`));
    });
    exitedPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`cistern serve exited early (code ${code}, signal ${signal})\n${server.output}`));
    });
  });
  try {
    await listening;
  } catch (err) {
    if (!server.exited) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return server;
}

// Sends SIGTERM and waits for the process to end. Returns {code, signal}; kills it with SIGKILL
// and throws if it does not end within SHUTDOWN_TIMEOUT_MS.
async function stopServer(server) {
  if (server.stopped) return server.stopped;
  let result;
  if (server.exited) {
    result = { ...server.exited, alreadyExited: true };
  } else {
    server.child.kill('SIGTERM');
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), SHUTDOWN_TIMEOUT_MS); });
    result = await Promise.race([server.exitedPromise, timeout]);
    clearTimeout(timer);
    if (result === null) {
      server.child.kill('SIGKILL');
      await server.exitedPromise;
      rmSync(server.dir, { recursive: true, force: true });
      throw new Error(`cistern serve did not exit within ${SHUTDOWN_TIMEOUT_MS} ms of SIGTERM\n${server.output}`);
    }
  }
  rmSync(server.dir, { recursive: true, force: true });
  server.stopped = result;
  return result;
}

// For the `after` hook of every test file: the server must still be running when the tests end,
// and must exit with code 0 on SIGTERM.
export async function stopServerAndAssertCleanExit(server) {
  if (!server) return;
  const result = await server.stop();
  assert.ok(!result.alreadyExited,
    `cistern serve died during the tests (code ${result.code}, signal ${result.signal})\n${server.tail()}`);
  assert.equal(result.signal, null, `cistern serve was ended by signal ${result.signal} instead of exiting ` +
    `cleanly on SIGTERM\n${server.tail()}`);
  assert.equal(result.code, 0, `cistern serve exited with code ${result.code} on SIGTERM\n${server.tail()}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP client

function splitSetCookie(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const joined = headers.get('set-cookie');
  if (!joined) return [];
  return joined.split(/,(?=\s*[A-Za-z0-9_!#$%&'*+.^`|~-]+=)/).map((s) => s.trim());
}

export function parseSetCookie(line) {
  const parts = line.split(';').map((s) => s.trim());
  const [nameValue, ...attributeParts] = parts;
  const eq = nameValue.indexOf('=');
  const cookie = { name: nameValue.slice(0, eq).trim(), value: nameValue.slice(eq + 1).trim(), attributes: {} };
  for (const part of attributeParts) {
    if (!part) continue;
    const i = part.indexOf('=');
    const key = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
    cookie.attributes[key] = i < 0 ? true : part.slice(i + 1).trim();
  }
  return cookie;
}

export function cookieIsCleared(cookie) {
  if (cookie.value === '' || cookie.value === '""') return true;
  const maxAge = cookie.attributes['max-age'];
  if (maxAge !== undefined && Number(maxAge) <= 0) return true;
  const expires = cookie.attributes.expires;
  if (expires !== undefined && Date.parse(expires) <= Date.now()) return true;
  return false;
}

export const SESSION_COOKIE = 'cistern_session';

export class Client {
  constructor(server) {
    this.server = server;
    this.cookie = null; // value of cistern_session
    this.csrf = null;
    this.user = null;
  }

  async request(method, urlPath, opts = {}) {
    const headers = {};
    for (const [k, v] of Object.entries(opts.headers || {})) headers[k.toLowerCase()] = v;
    let body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      if (!('content-type' in headers)) headers['content-type'] = 'application/json';
    } else if (opts.body !== undefined) {
      body = opts.body;
      if (!('content-type' in headers)) headers['content-type'] = 'application/json';
    }
    if (this.cookie && opts.cookie !== false && !('cookie' in headers)) {
      headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    }
    const changesState = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (changesState && this.csrf && opts.csrf !== false && !('x-csrf-token' in headers)) {
      headers['x-csrf-token'] = this.csrf;
    }
    const what = `${method} ${urlPath}`;
    let res;
    try {
      res = await fetch(this.server.url + urlPath, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs || REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const cause = err.cause ? ` (${err.cause.code || ''} ${err.cause.message || err.cause})` : '';
      throw new Error(`${what} failed: ${err.message}${cause}\n--- server output ---\n${this.server.tail()}`);
    }
    const text = await res.text();
    const setCookies = splitSetCookie(res.headers).map(parseSetCookie);
    for (const c of setCookies) {
      if (c.name !== SESSION_COOKIE) continue;
      this.cookie = cookieIsCleared(c) ? null : c.value;
    }
    let parsed = text;
    const contentType = res.headers.get('content-type') || '';
    if (text.length > 0 && contentType.includes('json')) {
      try { parsed = JSON.parse(text); } catch { parsed = text; }
    }
    return { what, status: res.status, headers: res.headers, body: parsed, text, setCookies };
  }

  get(p, opts) { return this.request('GET', p, opts); }
  post(p, json, opts = {}) { return this.request('POST', p, { ...opts, json }); }
  delete(p, opts) { return this.request('DELETE', p, opts); }

  async signIn(username, password = demoPassword(username)) {
    const res = await this.post('/api/v1/sessions', { username, password });
    if (res.status === 201 && res.body && typeof res.body === 'object') {
      this.csrf = res.body.csrf_token;
      this.user = res.body.user;
    }
    return res;
  }

  async signOut() {
    const res = await this.delete('/api/v1/sessions/current');
    if (res.status === 204) { this.csrf = null; this.user = null; }
    return res;
  }
}

// A client signed in as `username`; fails the test if sign-in does not work.
export async function signedIn(server, username, password = demoPassword(username)) {
  const client = new Client(server);
  const res = await client.signIn(username, password);
  assert.equal(res.status, 201, `sign-in as ${username}: ${show(res)}`);
  assert.ok(client.cookie, `sign-in as ${username} set no ${SESSION_COOKIE} cookie`);
  assert.equal(typeof client.csrf, 'string', `sign-in as ${username} returned no csrf_token`);
  return client;
}

// ---------------------------------------------------------------------------------------------
// Assertions

export function show(res) {
  const text = res.text.length > 1500 ? `${res.text.slice(0, 1500)}…` : res.text;
  return `${res.what} → ${res.status} ${text}`;
}

// Asserts an error answer: the status, a JSON body {"error":{"code","reason","message"[,"field"]}},
// the code that docs/api.md pairs with the status, and optionally reason and field.
// `field` may be a string (exact), a RegExp, an array of accepted strings, or null (must be absent).
export function assertError(res, status, { reason, field, code } = {}) {
  const statuses = Array.isArray(status) ? status : [status];
  assert.ok(statuses.includes(res.status), `expected ${statuses.join(' or ')}: ${show(res)}`);
  assert.match(res.headers.get('content-type') || '', /application\/json/, `error content-type: ${show(res)}`);
  assert.equal(typeof res.body, 'object', `error body is not JSON: ${show(res)}`);
  const error = res.body && res.body.error;
  assert.ok(error && typeof error === 'object' && !Array.isArray(error), `no "error" object: ${show(res)}`);
  for (const key of ['code', 'reason', 'message']) {
    assert.equal(typeof error[key], 'string', `error.${key} is not a string: ${show(res)}`);
    assert.ok(error[key].length > 0, `error.${key} is empty: ${show(res)}`);
  }
  const expectedCode = code || CODE_FOR_STATUS[res.status];
  if (expectedCode) assert.equal(error.code, expectedCode, `error.code: ${show(res)}`);
  if (reason !== undefined) assert.equal(error.reason, reason, `error.reason: ${show(res)}`);
  if (field === null) {
    assert.ok(!('field' in error) || error.field === null || error.field === '', `unexpected error.field: ${show(res)}`);
  } else if (field instanceof RegExp) {
    assert.match(String(error.field), field, `error.field: ${show(res)}`);
  } else if (Array.isArray(field)) {
    assert.ok(field.includes(error.field), `error.field should be one of ${field.join(', ')}: ${show(res)}`);
  } else if (field !== undefined) {
    assert.equal(error.field, field, `error.field: ${show(res)}`);
  }
  return error;
}

export function assertStatus(res, status) {
  assert.equal(res.status, status, show(res));
  return res.body;
}

// ---------------------------------------------------------------------------------------------
// Data helpers

// Damm check digit validation (the last digit of an account number).
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];
export function dammValid(digits) {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim][Number(ch)];
  return interim === 0;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
// A random, capitalised, pronounceable-enough word that no demo name or street will contain.
export function uniqueWord(prefix = 'Zq') {
  let word = prefix;
  for (let i = 0; i < 8; i += 1) word += LETTERS[randomInt(LETTERS.length)];
  return word[0].toUpperCase() + word.slice(1).toLowerCase();
}

// 10 US phone digits with a plausible area code and exchange (neither starting with 0 or 1).
export function uniquePhoneDigits() {
  let digits = '405';
  digits += String(2 + randomInt(8));
  for (let i = 0; i < 6; i += 1) digits += String(randomInt(10));
  return digits;
}
export const dashedPhone = (d) => `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
export const digitsOf = (s) => String(s).replace(/\D/g, '');

export function todayUtc() {
  return new Date().toISOString().slice(0, 10);
}

// Reads the route and cycle that new premises should use from reference data.
export async function referenceRoute(client) {
  const res = await client.get('/api/v1/reference-data');
  const body = assertStatus(res, 200);
  assert.ok(Array.isArray(body.routes) && body.routes.length > 0, `no routes: ${show(res)}`);
  const route = body.routes[0];
  return { route: route.code, cycle: route.cycle, reference: body };
}

// A valid POST /api/v1/accounts body for a person, with unique, searchable marks.
export function personAccountBody({ route, cycle }) {
  const firstName = uniqueWord('Xa');
  const lastName = uniqueWord('Zq');
  const street = uniqueWord('Wv');
  const phoneDigits = uniquePhoneDigits();
  // The email shares no word with the name or street, so a search by email cannot match by name.
  const email = `${uniqueWord('Yk').toLowerCase()}@example.com`;
  const address = { line1: `${100 + randomInt(9000)} ${street} St`, line2: '', city: 'Moore', state: 'OK',
    postal_code: '73160' };
  const body = {
    customer: {
      kind: 'person',
      first_name: firstName,
      last_name: lastName,
      business_name: '',
      phones: [{ number: dashedPhone(phoneDigits), label: 'mobile' }],
      emails: [email],
      mailing_address: { ...address },
      date_of_birth: '1980-02-14',
      id_last4: '1234',
      confidential: false,
    },
    premise: {
      address: { ...address },
      inside_city_limits: true,
      premise_type: 'single_family',
      unit_count: 1,
      parcel_number: `R12-${100 + randomInt(900)}-${100 + randomInt(900)}`,
      route,
      cycle,
    },
    account: { mailing_address: null },
  };
  return { body, firstName, lastName, street, phoneDigits, email };
}

// A valid premise object with its own unique street word.
export function premiseBody({ route, cycle }, overrides = {}) {
  const street = uniqueWord('Wv');
  return {
    street,
    premise: {
      address: { line1: `${100 + randomInt(9000)} ${street} Ave`, line2: '', city: 'Moore', state: 'OK',
        postal_code: '73160' },
      inside_city_limits: true,
      premise_type: 'single_family',
      unit_count: 1,
      parcel_number: '',
      route,
      cycle,
      ...overrides,
    },
  };
}

export const qs = (params) => {
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) usp.set(k, String(v));
  const s = usp.toString();
  return s ? `?${s}` : '';
};

// Every search result for q, following next_page_token (at most maxPages pages).
export async function searchAll(client, q, { pageSize = 100, maxPages = 10 } = {}) {
  const results = [];
  let token;
  for (let page = 0; page < maxPages; page += 1) {
    const res = await client.get(`/api/v1/accounts${qs({ q, page_size: pageSize, page_token: token })}`);
    const body = assertStatus(res, 200);
    assert.ok(Array.isArray(body.data), `search data is not an array: ${show(res)}`);
    results.push(...body.data);
    token = body.next_page_token;
    if (!token) break;
  }
  return results;
}

// The id of the newest audit event (or null), as seen by a client with audit.read.
export async function newestAuditEventId(auditClient) {
  const res = await auditClient.get('/api/v1/audit-events?page_size=1');
  const body = assertStatus(res, 200);
  assert.ok(Array.isArray(body.data), show(res));
  return body.data.length ? body.data[0].id : null;
}

// Every item of a paginated list endpoint (path without page params; may have a query string).
export async function listAll(client, listPath, { pageSize = 100, maxPages = 20 } = {}) {
  const items = [];
  let token;
  const sep = listPath.includes('?') ? '&' : '?';
  for (let page = 0; page < maxPages; page += 1) {
    const res = await client.get(`${listPath}${sep}${qs({ page_size: pageSize, page_token: token }).slice(1)}`);
    const body = assertStatus(res, 200);
    assert.ok(Array.isArray(body.data), `list data is not an array: ${show(res)}`);
    items.push(...body.data);
    token = body.next_page_token;
    if (!token) break;
  }
  return items;
}

export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---------------------------------------------------------------------------------------------
// Receivables and payments helpers

export const CITY_TIME_ZONE = 'America/Chicago';

// The city's business date (YYYY-MM-DD), which may differ from the UTC date.
export function cityToday(at = new Date(), timeZone = CITY_TIME_ZONE) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at);
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// dateText plus `days` calendar days (may be negative), as YYYY-MM-DD.
export function addDays(dateText, days) {
  const d = new Date(`${dateText}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

let idempotencyCounter = 0;
// A fresh Idempotency-Key, unique across test files and runs.
export function newIdempotencyKey(prefix = 'k') {
  idempotencyCounter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${idempotencyCounter}-${randomInt(1_000_000_000)}`;
}
// Request options carrying an Idempotency-Key header (a fresh one unless given).
export const withKey = (key = newIdempotencyKey()) => ({ headers: { 'idempotency-key': key } });

// "$1,234.56" / "-$40.00" for integer cents.
export function formatCents(cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

// Asserts a money value {"cents":N,"text":"$..."} and returns its cents.
export function cents(money, what = 'money') {
  assert.ok(money && typeof money === 'object', `${what} is not a money object: ${JSON.stringify(money)}`);
  assert.ok(Number.isInteger(money.cents), `${what}.cents is not an integer: ${JSON.stringify(money)}`);
  assert.equal(money.text, formatCents(money.cents), `${what}.text: ${JSON.stringify(money)}`);
  return money.cents;
}

// Everything the API shows about an account's money, to prove that a refused request changed
// nothing: the ledger, every transaction and every payment of the account.
export async function moneySnapshot(client, accountId) {
  const ledger = assertStatus(await client.get(`/api/v1/accounts/${accountId}/ledger`), 200);
  const transactions = await listAll(client, `/api/v1/accounts/${accountId}/transactions`);
  const payments = await listAll(client, `/api/v1/payments?account_id=${encodeURIComponent(accountId)}`);
  return { ledger, transactions, payments };
}

export async function assertMoneyUnchanged(client, accountId, before, what = 'a refused request') {
  const after = await moneySnapshot(client, accountId);
  assert.deepEqual(after.ledger, before.ledger, `${what} changed the ledger of ${accountId}`);
  assert.deepEqual(after.transactions, before.transactions, `${what} posted a transaction on ${accountId}`);
  assert.deepEqual(after.payments, before.payments, `${what} created a payment on ${accountId}`);
}

// Collects everything the server writes to stdout and stderr from now on (the harness keeps only
// a tail). Call stop() when done.
export function captureOutput(server) {
  let text = '';
  const onData = (d) => { text += d.toString(); };
  server.child.stdout.on('data', onData);
  server.child.stderr.on('data', onData);
  return {
    text: () => text,
    stop() {
      server.child.stdout.off('data', onData);
      server.child.stderr.off('data', onData);
    },
  };
}

// Creates a fresh person account (balance $0.00) and returns it as POST /api/v1/accounts answers.
export async function newAccount(client, route) {
  const res = await client.post('/api/v1/accounts', personAccountBody(route).body);
  return assertStatus(res, 201);
}

// Creates a user through the admin API and returns a client signed in as that user.
export async function newUser(server, adminClient, role, prefix = role) {
  const username = `${prefix}${uniqueWord('u').toLowerCase()}`.slice(0, 30);
  const password = `pw-${username}-long-enough`;
  const res = await adminClient.post('/api/v1/users',
    { username, display_name: `Test ${role} ${username}`, role, password });
  assertStatus(res, 201);
  return signedIn(server, username, password);
}
