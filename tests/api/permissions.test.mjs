// Roles and permissions, checked by the server; user management by admins.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, Client, signedIn, assertError, assertStatus, show,
  DEMO_USERS, referenceRoute, personAccountBody, searchAll, newestAuditEventId, uniqueWord, listAll,
} from './harness.mjs';

describe('permissions', () => {
  let server;
  const clients = {};
  let route;
  let accountId; // an existing demo account

  before(async () => {
    server = await startServer();
    for (const username of DEMO_USERS) clients[username] = await signedIn(server, username);
    route = await referenceRoute(clients.csr);
    const list = assertStatus(await clients.csr.get('/api/v1/accounts?page_size=1'), 200);
    assert.equal(list.data.length, 1, 'the demo city has no accounts');
    accountId = list.data[0].id;
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('csr gets 403 PERMISSION_DENIED on GET and POST /users and on GET /audit-events', async () => {
    const { csr } = clients;
    assertError(await csr.get('/api/v1/users'), 403, { code: 'PERMISSION_DENIED' });
    const username = `csrmade${uniqueWord('x').toLowerCase()}`;
    assertError(await csr.post('/api/v1/users',
      { username, display_name: 'Made By Csr', role: 'admin', password: 'twelve chars or more' }), 403,
    { code: 'PERMISSION_DENIED' });
    assertError(await csr.get('/api/v1/audit-events'), 403, { code: 'PERMISSION_DENIED' });
    // The refused user really was not created.
    const users = await listAll(clients.admin, '/api/v1/users');
    assert.ok(!users.some((u) => u.username === username), 'csr managed to create a user');
    assertError(await new Client(server).signIn(username, 'twelve chars or more'), 401, { reason: 'BAD_CREDENTIALS' });
  });

  it('only admin manages users; only supervisor, admin and auditor read the audit log', async () => {
    for (const username of DEMO_USERS) {
      const users = await clients[username].get('/api/v1/users');
      if (username === 'admin') assertStatus(users, 200);
      else assertError(users, 403, { code: 'PERMISSION_DENIED' });
      const audit = await clients[username].get('/api/v1/audit-events');
      if (['supervisor', 'admin', 'auditor'].includes(username)) assertStatus(audit, 200);
      else assertError(audit, 403, { code: 'PERMISSION_DENIED' });
    }
  });

  it('every role can read accounts, notes and history', async () => {
    for (const username of DEMO_USERS) {
      const client = clients[username];
      assertStatus(await client.get('/api/v1/accounts?q=a'), 200);
      assertStatus(await client.get(`/api/v1/accounts/${accountId}`), 200);
      assertStatus(await client.get(`/api/v1/accounts/${accountId}/notes`), 200);
      assertStatus(await client.get(`/api/v1/accounts/${accountId}/history`), 200);
      assertStatus(await client.get('/api/v1/reference-data'), 200);
    }
  });

  it('admin lists the demo users', async () => {
    const res = await clients.admin.get('/api/v1/users');
    const body = assertStatus(res, 200);
    assert.ok(Array.isArray(body.data), show(res));
    const users = await listAll(clients.admin, '/api/v1/users');
    for (const username of DEMO_USERS) {
      const user = users.find((u) => u.username === username);
      assert.ok(user, `demo user ${username} is not listed`);
      assert.match(user.id, /^user_\d+$/);
      assert.equal(user.role, username);
      assert.equal(user.active, true);
      assert.equal(typeof user.display_name, 'string');
      assert.equal(user.id, clients[username].user.id);
    }
    assert.ok(!res.text.toLowerCase().includes('password') && !res.text.includes('$argon2'),
      `the user list exposes passwords or hashes: ${show(res)}`);
  });

  it('admin creates a user who can then sign in with the given role', async () => {
    const username = `jdoe${uniqueWord('x').toLowerCase()}`;
    const password = 'at least 12 characters';
    const res = await clients.admin.post('/api/v1/users',
      { username, display_name: 'Jane Doe', role: 'finance', password });
    const user = assertStatus(res, 201);
    assert.match(user.id, /^user_\d+$/, show(res));
    assert.equal(user.username, username);
    assert.equal(user.display_name, 'Jane Doe');
    assert.equal(user.role, 'finance');
    assert.equal(user.active, true);
    assert.ok(!res.text.toLowerCase().includes('password') && !res.text.includes('$argon2'),
      `the created user exposes the password or its hash: ${show(res)}`);

    const listed = (await listAll(clients.admin, '/api/v1/users')).find((u) => u.username === username);
    assert.deepEqual(listed, user);

    const jane = new Client(server);
    const signIn = assertStatus(await jane.signIn(username, password), 201);
    assert.equal(signIn.user.id, user.id);
    assert.equal(signIn.user.role, 'finance');
    assert.equal(signIn.user.display_name, 'Jane Doe');
    // The new user's role is enforced: finance cannot create accounts.
    assertError(await jane.post('/api/v1/accounts', personAccountBody(route).body), 403, { code: 'PERMISSION_DENIED' });
  });

  it('refuses a duplicate username with 409 and bad user fields with 400', async () => {
    const { admin } = clients;
    assertError(await admin.post('/api/v1/users',
      { username: 'csr', display_name: 'Second Csr', role: 'csr', password: 'twelve chars or more' }), 409,
    { code: 'CONFLICT' });
    const username = `bad${uniqueWord('x').toLowerCase()}`;
    assertError(await admin.post('/api/v1/users',
      { username, display_name: 'Short Pass', role: 'csr', password: 'short' }), 400, { field: 'password' });
    assertError(await admin.post('/api/v1/users',
      { username, display_name: 'Bad Role', role: 'superuser', password: 'twelve chars or more' }), 400, { field: 'role' });
    assertError(await admin.post('/api/v1/users',
      { display_name: 'No Name', role: 'csr', password: 'twelve chars or more' }), 400, { field: 'username' });
    assertError(await admin.post('/api/v1/users',
      { username, display_name: 'Extra', role: 'csr', password: 'twelve chars or more', is_root: true }), 400,
    { field: 'is_root' });
    const users = await listAll(admin, '/api/v1/users');
    assert.ok(!users.some((u) => u.username === username), 'a refused user was created');
  });

  it('auditor cannot add notes or create accounts (403), and nothing is written', async () => {
    const { auditor, supervisor } = clients;
    const before = await newestAuditEventId(supervisor);
    const notesBefore = (await listAll(auditor, `/api/v1/accounts/${accountId}/notes`)).length;
    assertError(await auditor.post(`/api/v1/accounts/${accountId}/notes`, { text: 'auditor note' }), 403,
      { code: 'PERMISSION_DENIED' });
    const made = personAccountBody(route);
    assertError(await auditor.post('/api/v1/accounts', made.body), 403, { code: 'PERMISSION_DENIED' });
    assert.equal((await listAll(auditor, `/api/v1/accounts/${accountId}/notes`)).length, notesBefore);
    assert.deepEqual(await searchAll(auditor, made.lastName), []);
    assert.equal(await newestAuditEventId(supervisor), before, 'a refused request wrote an audit event');
  });

  it('field and finance cannot create accounts but can add notes', async () => {
    for (const username of ['field', 'finance']) {
      const client = clients[username];
      const made = personAccountBody(route);
      assertError(await client.post('/api/v1/accounts', made.body), 403, { code: 'PERMISSION_DENIED' });
      assert.deepEqual(await searchAll(client, made.lastName), []);
      const note = assertStatus(await client.post(`/api/v1/accounts/${accountId}/notes`, { text: `note by ${username}` }), 201);
      assert.equal(note.author.id, client.user.id);
    }
  });

  it('csr, supervisor and admin can create accounts', async () => {
    for (const username of ['csr', 'supervisor', 'admin']) {
      const made = personAccountBody(route);
      const account = assertStatus(await clients[username].post('/api/v1/accounts', made.body), 201);
      assert.match(account.id, /^acct_\d+$/);
    }
  });

  it('ignores role claims sent by the client: permissions come from the session', async () => {
    const res = await clients.csr.get('/api/v1/users', { headers: { 'X-Role': 'admin', 'X-User': 'admin' } });
    assertError(res, 403);
  });
});
