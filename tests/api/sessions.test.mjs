// Health, authentication, sessions, cookies, CSRF and sign-in lockout.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, Client, signedIn, assertError, assertStatus, show,
  demoPassword, DEMO_USERS, ROLE_PERMISSIONS, SESSION_COOKIE, cookieIsCleared, RFC3339_UTC,
  referenceRoute, personAccountBody, searchAll, newestAuditEventId, uniqueWord, listAll,
} from './harness.mjs';

describe('sessions and authentication', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('answers health without sign-in', async () => {
    const res = await new Client(server).get('/api/v1/health');
    const body = assertStatus(res, 200);
    assert.equal(body.status, 'ok', show(res));
    assert.equal(body.database, 'ok', show(res));
    assert.equal(typeof body.version, 'string', show(res));
    assert.match(body.version, /^\d+\.\d+\.\d+/, show(res));
  });

  it('answers 401 UNAUTHENTICATED on every other endpoint without a session', async () => {
    const anonymous = new Client(server);
    // State-changing requests carry a (meaningless) CSRF header, so that the only thing missing is
    // the session.
    const csrf = { headers: { 'X-CSRF-Token': 'no-session-token' } };
    const someBody = { text: 'hello' };
    const requests = [
      ['GET', '/api/v1/sessions/current'],
      ['DELETE', '/api/v1/sessions/current', csrf],
      ['GET', '/api/v1/reference-data'],
      ['GET', '/api/v1/accounts'],
      ['GET', '/api/v1/accounts?q=smith'],
      ['GET', '/api/v1/accounts/acct_1'],
      ['GET', '/api/v1/accounts/by-number/1000000178'],
      ['POST', '/api/v1/accounts', { ...csrf, json: { customer_id: 'cust_1', premise_id: 'prem_1' } }],
      ['GET', '/api/v1/accounts/acct_1/notes'],
      ['POST', '/api/v1/accounts/acct_1/notes', { ...csrf, json: someBody }],
      ['GET', '/api/v1/accounts/acct_1/history'],
      ['GET', '/api/v1/audit-events'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { ...csrf, json: { username: 'x', display_name: 'X', role: 'csr', password: 'long enough password' } }],
    ];
    for (const [method, urlPath, opts] of requests) {
      const res = await anonymous.request(method, urlPath, opts || {});
      assertError(res, 401, { code: 'UNAUTHENTICATED' });
    }
  });

  it('answers 401 for a session cookie the server never issued', async () => {
    const client = new Client(server);
    client.cookie = 'bogus-session-value-0123456789abcdef';
    assertError(await client.get('/api/v1/sessions/current'), 401);
    assertError(await client.get('/api/v1/accounts'), 401);
  });

  it('answers an unknown route with 404 NOT_FOUND and the error body', async () => {
    const client = await signedIn(server, 'csr');
    assertError(await client.get('/api/v1/no-such-thing'), 404, { code: 'NOT_FOUND' });
    assertError(await client.get('/api/v1/accounts/acct_1/no-such-thing'), 404, { code: 'NOT_FOUND' });
    assertError(await client.post('/api/v1/no-such-thing', {}), 404, { code: 'NOT_FOUND' });
  });

  it('signs in with the right password: 201, user, permissions, csrf_token, expires_at', async () => {
    const client = new Client(server);
    const res = await client.signIn('csr');
    const body = assertStatus(res, 201);
    assert.match(body.user.id, /^user_\d+$/, show(res));
    assert.equal(body.user.username, 'csr');
    assert.equal(body.user.role, 'csr');
    assert.equal(typeof body.user.display_name, 'string');
    assert.ok(body.user.display_name.length > 0);
    assert.equal(typeof body.csrf_token, 'string');
    assert.ok(body.csrf_token.length >= 16, `csrf_token too short to be secret: ${body.csrf_token}`);
    assert.match(body.expires_at, RFC3339_UTC, show(res));
    const expiresMs = Date.parse(body.expires_at) - Date.now();
    assert.ok(expiresMs > 0 && expiresMs <= 12 * 3600 * 1000 + 60_000, `expires_at ${body.expires_at} is not within 12 hours`);
    assert.ok(!JSON.stringify(body).toLowerCase().includes('password'), `sign-in answer mentions a password: ${show(res)}`);
  });

  it('gives every demo role exactly the permissions of the table in docs/api.md', async () => {
    for (const username of DEMO_USERS) {
      const res = await new Client(server).signIn(username);
      const body = assertStatus(res, 201);
      assert.equal(body.user.role, username, show(res));
      assert.ok(Array.isArray(body.user.permissions), show(res));
      assert.deepEqual([...body.user.permissions].sort(), [...ROLE_PERMISSIONS[username]].sort(),
        `permissions of ${username}`);
    }
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, Path=/', async () => {
    const client = new Client(server);
    const res = await client.signIn('csr');
    assertStatus(res, 201);
    const cookies = res.setCookies.filter((c) => c.name === SESSION_COOKIE);
    assert.equal(cookies.length, 1, `exactly one ${SESSION_COOKIE} Set-Cookie: ${JSON.stringify(res.setCookies)}`);
    const [cookie] = cookies;
    assert.ok(cookie.value.length >= 16, `session id too short: ${cookie.value}`);
    assert.equal(cookie.attributes.httponly, true, `HttpOnly missing: ${JSON.stringify(cookie)}`);
    assert.equal(String(cookie.attributes.samesite).toLowerCase(), 'strict', `SameSite: ${JSON.stringify(cookie)}`);
    assert.equal(cookie.attributes.path, '/', `Path: ${JSON.stringify(cookie)}`);
    assert.notEqual(cookie.value, res.body.csrf_token, 'the CSRF token must not be the session id');
  });

  it('refuses a wrong password and an unknown user with the same 401 BAD_CREDENTIALS', async () => {
    const wrongPassword = await new Client(server).signIn('supervisor', 'not-the-password');
    const unknownUser = await new Client(server).signIn('nobody-by-this-name', 'not-the-password');
    const e1 = assertError(wrongPassword, 401, { reason: 'BAD_CREDENTIALS' });
    const e2 = assertError(unknownUser, 401, { reason: 'BAD_CREDENTIALS' });
    assert.deepEqual(e1, e2, 'the answers for a wrong password and an unknown user differ');
    for (const res of [wrongPassword, unknownUser]) {
      const sessionCookies = res.setCookies.filter((c) => c.name === SESSION_COOKIE && !cookieIsCleared(c));
      assert.equal(sessionCookies.length, 0, `a failed sign-in set a session cookie: ${show(res)}`);
    }
  });

  it('refuses sign-in bodies with missing fields or the wrong shape with 400', async () => {
    const client = new Client(server);
    assertError(await client.post('/api/v1/sessions', { username: 'csr' }), 400, { field: 'password' });
    assertError(await client.post('/api/v1/sessions', { password: demoPassword('csr') }), 400, { field: 'username' });
    assertError(await client.post('/api/v1/sessions', { username: 'csr', password: 12345 }), 400, { field: 'password' });
    assertError(await client.request('POST', '/api/v1/sessions', { body: '{"username":"csr",' }), 400,
      { reason: 'MALFORMED_JSON' });
    assertError(await client.request('POST', '/api/v1/sessions', { body: '["csr"]' }), 400,
      { reason: 'MALFORMED_JSON' });
  });

  it('GET /sessions/current answers the same user and csrf_token as sign-in', async () => {
    const client = new Client(server);
    const signIn = assertStatus(await client.signIn('supervisor'), 201);
    const res = await client.get('/api/v1/sessions/current');
    const body = assertStatus(res, 200);
    assert.deepEqual(body.user, signIn.user);
    assert.equal(body.csrf_token, signIn.csrf_token);
    assert.match(body.expires_at, RFC3339_UTC, show(res));
  });

  it('keeps two sessions of different users apart', async () => {
    const csr = await signedIn(server, 'csr');
    const auditor = await signedIn(server, 'auditor');
    assert.notEqual(csr.cookie, auditor.cookie);
    assert.notEqual(csr.csrf, auditor.csrf);
    assert.equal(assertStatus(await csr.get('/api/v1/sessions/current'), 200).user.username, 'csr');
    assert.equal(assertStatus(await auditor.get('/api/v1/sessions/current'), 200).user.username, 'auditor');
  });

  it('signs out: 204, the cookie is cleared, and the old session id no longer works', async () => {
    const client = await signedIn(server, 'csr');
    const oldCookie = client.cookie;
    const res = await client.signOut();
    assert.equal(res.status, 204, show(res));
    const cleared = res.setCookies.filter((c) => c.name === SESSION_COOKIE);
    assert.equal(cleared.length, 1, `sign-out should clear ${SESSION_COOKIE}: ${JSON.stringify(res.setCookies)}`);
    assert.ok(cookieIsCleared(cleared[0]), `sign-out cookie is not cleared: ${JSON.stringify(cleared[0])}`);
    assert.equal(client.cookie, null);
    assertError(await client.get('/api/v1/sessions/current'), 401);
    // A client that kept the old cookie (a stolen copy) must be refused too.
    const replay = new Client(server);
    replay.cookie = oldCookie;
    assertError(await replay.get('/api/v1/sessions/current'), 401);
    assertError(await replay.get('/api/v1/accounts'), 401);
  });

  it('refuses sign-out without the CSRF token and keeps the session', async () => {
    const client = await signedIn(server, 'csr');
    const res = await client.delete('/api/v1/sessions/current', { csrf: false });
    assertError(res, 403, { reason: 'CSRF_TOKEN_INVALID' });
    assertStatus(await client.get('/api/v1/sessions/current'), 200);
  });

  it('locks a username after 5 failed sign-ins: 429 SIGN_IN_LOCKED even with the right password', async () => {
    const admin = await signedIn(server, 'admin');
    const username = `lock${uniqueWord('x').toLowerCase()}`;
    const password = 'correct horse battery staple';
    assertStatus(await admin.post('/api/v1/users', { username, display_name: 'Lock Test', role: 'csr', password }), 201);

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      assertError(await new Client(server).signIn(username, `wrong-${attempt}`), 401, { reason: 'BAD_CREDENTIALS' });
    }
    // The fifth failure may already answer 429 (it is the one that locks), but must not succeed.
    const fifth = await new Client(server).signIn(username, 'wrong-5');
    assert.ok([401, 429].includes(fifth.status), `fifth failed sign-in: ${show(fifth)}`);

    const locked = await new Client(server).signIn(username, password);
    assertError(locked, 429, { code: 'RESOURCE_EXHAUSTED', reason: 'SIGN_IN_LOCKED' });
    assert.equal(locked.setCookies.filter((c) => c.name === SESSION_COOKIE && !cookieIsCleared(c)).length, 0,
      'a locked sign-in set a session cookie');
    // Still locked on the next try; other users are not affected.
    assertError(await new Client(server).signIn(username, password), 429, { reason: 'SIGN_IN_LOCKED' });
    await signedIn(server, 'csr');
  });

  it('locks an unknown username the same way, so lockout does not reveal which usernames exist', async () => {
    // docs/api.md: five failures "for one username" lock it, and a wrong username and a wrong
    // password get "the same answer". If only real users locked, the sixth answer (429 vs 401)
    // would tell an attacker which usernames exist.
    const ghost = `ghost${uniqueWord('x').toLowerCase()}`;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const res = await new Client(server).signIn(ghost, `wrong-${attempt}`);
      assert.ok([401, 429].includes(res.status), show(res));
    }
    const sixth = await new Client(server).signIn(ghost, 'wrong-6');
    assertError(sixth, 429, { code: 'RESOURCE_EXHAUSTED', reason: 'SIGN_IN_LOCKED' });
  });

  it('does not lock after only 4 failed sign-ins', async () => {
    const admin = await signedIn(server, 'admin');
    const username = `four${uniqueWord('x').toLowerCase()}`;
    const password = 'another long enough password';
    assertStatus(await admin.post('/api/v1/users', { username, display_name: 'Four Fails', role: 'csr', password }), 201);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      assertError(await new Client(server).signIn(username, `wrong-${attempt}`), 401, { reason: 'BAD_CREDENTIALS' });
    }
    await signedIn(server, username, password);
  });

  describe('CSRF', () => {
    let csr;
    let supervisor;
    let route;
    before(async () => {
      csr = await signedIn(server, 'csr');
      supervisor = await signedIn(server, 'supervisor');
      route = await referenceRoute(csr);
    });

    it('refuses POST /accounts without X-CSRF-Token with 403 CSRF_TOKEN_INVALID and writes nothing', async () => {
      const before = await newestAuditEventId(supervisor);
      const made = personAccountBody(route);
      const res = await csr.post('/api/v1/accounts', made.body, { csrf: false });
      assertError(res, 403, { code: 'PERMISSION_DENIED', reason: 'CSRF_TOKEN_INVALID' });
      assert.deepEqual(await searchAll(csr, made.lastName), [], 'the account was written anyway');
      assert.equal(await newestAuditEventId(supervisor), before, 'an audit event was written');
    });

    it('refuses a wrong token and another session\'s token', async () => {
      const made = personAccountBody(route);
      assertError(await csr.post('/api/v1/accounts', made.body, { headers: { 'X-CSRF-Token': 'wrong' } }), 403,
        { reason: 'CSRF_TOKEN_INVALID' });
      assertError(await csr.post('/api/v1/accounts', made.body, { headers: { 'X-CSRF-Token': supervisor.csrf } }), 403,
        { reason: 'CSRF_TOKEN_INVALID' });
      assertError(await csr.post('/api/v1/accounts', made.body, { headers: { 'X-CSRF-Token': '' } }), 403,
        { reason: 'CSRF_TOKEN_INVALID' });
      assert.deepEqual(await searchAll(csr, made.lastName), [], 'the account was written anyway');
      // The same body with the right token works, so the refusals above were about the token only.
      const ok = await csr.post('/api/v1/accounts', made.body);
      assertStatus(ok, 201);
    });

    it('refuses a note without the token and writes nothing', async () => {
      const list = assertStatus(await csr.get('/api/v1/accounts?page_size=1'), 200);
      const accountId = list.data[0].id;
      const notesBefore = (await listAll(csr, `/api/v1/accounts/${accountId}/notes`)).length;
      const res = await csr.post(`/api/v1/accounts/${accountId}/notes`, { text: 'should not be written' }, { csrf: false });
      assertError(res, 403, { reason: 'CSRF_TOKEN_INVALID' });
      const notesAfter = (await listAll(csr, `/api/v1/accounts/${accountId}/notes`)).length;
      assert.equal(notesAfter, notesBefore);
    });
  });
});
