// Notes on accounts, the account history, the audit log, and concurrent writes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show, qs,
  referenceRoute, personAccountBody, newestAuditEventId, listAll, RFC3339_UTC,
} from './harness.mjs';

describe('notes, history and audit', () => {
  let server;
  let csr;
  let supervisor;
  let auditor;
  let route;
  let account; // created by csr in `before`
  let made;

  before(async () => {
    server = await startServer();
    csr = await signedIn(server, 'csr');
    supervisor = await signedIn(server, 'supervisor');
    auditor = await signedIn(server, 'auditor');
    route = await referenceRoute(csr);
    made = personAccountBody(route);
    account = assertStatus(await csr.post('/api/v1/accounts', made.body), 201);
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  const notesPath = () => `/api/v1/accounts/${account.id}/notes`;

  it('a new account has no notes', async () => {
    const res = await csr.get(notesPath());
    assert.deepEqual(assertStatus(res, 200).data, [], show(res));
  });

  it('adds a note: 201 with id, account, text, author and time', async () => {
    const res = await csr.post(notesPath(), { text: 'Customer called about a high bill.' });
    const note = assertStatus(res, 201);
    assert.match(note.id, /^note_\d+$/);
    assert.equal(note.account_id, account.id);
    assert.equal(note.text, 'Customer called about a high bill.');
    assert.deepEqual(note.author, { id: csr.user.id, display_name: csr.user.display_name });
    assert.match(note.created_at, RFC3339_UTC);
    assert.ok(Math.abs(Date.parse(note.created_at) - Date.now()) < 10 * 60_000, `created_at ${note.created_at} is not now`);
    const listed = assertStatus(await csr.get(notesPath()), 200).data;
    assert.deepEqual(listed, [note]);
  });

  it('lists notes newest first', async () => {
    const texts = ['first of three', 'second of three', 'third of three'];
    const ids = [];
    for (const text of texts) {
      ids.push(assertStatus(await supervisor.post(notesPath(), { text }), 201).id);
    }
    const listed = await listAll(csr, notesPath());
    const positions = ids.map((id) => listed.findIndex((n) => n.id === id));
    assert.ok(positions.every((p) => p >= 0), 'a note is missing');
    assert.ok(positions[2] < positions[1] && positions[1] < positions[0], `not newest first: ${JSON.stringify(listed)}`);
    assert.equal(listed[0].id, ids[2]);
    assert.equal(listed[0].author.id, supervisor.user.id);
    const times = listed.map((n) => Date.parse(n.created_at));
    for (let i = 1; i < times.length; i += 1) assert.ok(times[i - 1] >= times[i], 'created_at is not descending');
  });

  it('keeps the text of a note exactly, including unicode and line breaks', async () => {
    const text = 'Señora Núñez: meter behind the gate 🐕.\nCall before 5 pm; "dog is friendly" <b>not</b> html';
    const note = assertStatus(await csr.post(notesPath(), { text }), 201);
    const listed = (await listAll(csr, notesPath())).find((n) => n.id === note.id);
    assert.equal(listed.text, text);
  });

  it('refuses empty, blank, missing, non-string and too long text with 400 field text, writing nothing', async () => {
    const before = await listAll(csr, notesPath());
    const auditBefore = await newestAuditEventId(supervisor);
    const historyBefore = assertStatus(await csr.get(`/api/v1/accounts/${account.id}/history`), 200).data;
    const bodies = [
      { text: '' },
      { text: '   ' },
      { text: ' \n\t \r\n ' },
      {},
      { text: null },
      { text: 42 },
      { text: ['a'] },
      { text: 'x'.repeat(4001) },
      { text: `  ${'x'.repeat(4001)}  ` },
    ];
    for (const body of bodies) {
      assertError(await csr.post(notesPath(), body), 400, { code: 'INVALID_ARGUMENT', field: 'text' });
    }
    assertError(await csr.post(notesPath(), { text: 'ok', pinned: true }), 400, { field: 'pinned' });
    assertError(await csr.request('POST', notesPath(), { body: '{"text":' }), 400, { reason: 'MALFORMED_JSON' });
    assertError(await csr.request('POST', notesPath(), { body: '["text"]' }), 400, { reason: 'MALFORMED_JSON' });
    // Under 64 KiB but over 4000 characters: a 400 about the text, not a 413.
    assertError(await csr.post(notesPath(), { text: 'z'.repeat(60 * 1024) }), 400, { field: 'text' });

    assert.deepEqual(await listAll(csr, notesPath()), before, 'a refused note was written');
    assert.equal(await newestAuditEventId(supervisor), auditBefore, 'a refused note wrote an audit event');
    const historyAfter = assertStatus(await csr.get(`/api/v1/accounts/${account.id}/history`), 200).data;
    assert.deepEqual(historyAfter, historyBefore, 'a refused note changed the history');
  });

  it('accepts exactly 4000 characters, also with surrounding blanks trimmed away', async () => {
    const exact = 'y'.repeat(4000);
    const note = assertStatus(await csr.post(notesPath(), { text: exact }), 201);
    assert.equal(note.text, exact);
    const padded = assertStatus(await csr.post(notesPath(), { text: `   ${exact}\n` }), 201);
    assert.equal(padded.text.trim(), exact);
    // Four thousand characters, not bytes: multi-byte characters count once.
    const accented = 'é'.repeat(4000);
    const wide = assertStatus(await csr.post(notesPath(), { text: accented }), 201);
    assert.equal(wide.text, accented);
  });

  it('notes appear in the account history', async () => {
    const note = assertStatus(await csr.post(notesPath(), { text: 'history check' }), 201);
    const res = await csr.get(`/api/v1/accounts/${account.id}/history`);
    const events = assertStatus(res, 200).data;
    const event = events.find((e) => e.entity_id === note.id);
    assert.ok(event, `the note is not in the history: ${show(res)}`);
    assert.equal(event.entity_type, 'note');
    assert.match(event.action, /^note\./);
    assert.equal(event.user.id, csr.user.id);
    assert.equal(events[0].id, event.id, 'the newest note is not the newest history event');
    assert.ok(event.changes.some((c) => c.after === 'history check'), `the text is not in the changes: ${JSON.stringify(event)}`);
    assert.ok(events.some((e) => e.action === 'account.create'));
  });

  it('history of one account does not show another account\'s notes', async () => {
    const other = assertStatus(await csr.post('/api/v1/accounts', personAccountBody(route).body), 201);
    const note = assertStatus(await csr.post(`/api/v1/accounts/${other.id}/notes`, { text: 'other account' }), 201);
    const events = assertStatus(await csr.get(`/api/v1/accounts/${account.id}/history`), 200).data;
    assert.ok(!events.some((e) => e.entity_id === note.id || e.entity_id === other.id));
    const notes = await listAll(csr, notesPath());
    assert.ok(!notes.some((n) => n.id === note.id));
  });

  it('the audit log (auditor) lists the create events with before and after values', async () => {
    const res = await auditor.get(`/api/v1/audit-events${qs({ entity_type: 'account', page_size: 100 })}`);
    const body = assertStatus(res, 200);
    assert.ok(Array.isArray(body.data) && body.data.length > 0, show(res));
    for (const e of body.data) assert.equal(e.entity_type, 'account', `entity_type filter: ${JSON.stringify(e)}`);
    const event = body.data.find((e) => e.entity_id === account.id && e.action === 'account.create');
    assert.ok(event, `account.create of ${account.id} is not in the audit log: ${show(res)}`);
    assert.match(event.id, /^evt_\d+$/);
    assert.match(event.at, RFC3339_UTC);
    assert.deepEqual(event.user, { id: csr.user.id, display_name: csr.user.display_name });
    assert.deepEqual(event.changes.find((c) => c.field === 'status'), { field: 'status', before: null, after: 'pending' });
    for (const c of event.changes) {
      assert.equal(c.before, null, `a create has no before value: ${JSON.stringify(c)}`);
      assert.ok('after' in c);
    }
    const ids = body.data.map((e) => Number(e.id.slice(4)));
    for (let i = 1; i < ids.length; i += 1) assert.ok(ids[i - 1] > ids[i], 'the audit log is not newest first');
  });

  it('the audit log filters by user and paginates into disjoint pages', async () => {
    const byCsr = await listAll(auditor, `/api/v1/audit-events${qs({ user_id: csr.user.id })}`, { maxPages: 50 });
    assert.ok(byCsr.length > 0);
    for (const e of byCsr) assert.equal(e.user.id, csr.user.id, `user_id filter: ${JSON.stringify(e)}`);
    assert.ok(byCsr.some((e) => e.entity_id === account.id && e.action === 'account.create'));

    const first = assertStatus(await auditor.get('/api/v1/audit-events?page_size=3'), 200);
    assert.equal(first.data.length, 3);
    assert.ok(first.next_page_token);
    const second = assertStatus(await auditor.get(`/api/v1/audit-events${qs({ page_size: 3, page_token: first.next_page_token })}`), 200);
    assert.equal(second.data.length, 3);
    const firstIds = new Set(first.data.map((e) => e.id));
    for (const e of second.data) assert.ok(!firstIds.has(e.id), `${e.id} is on both pages`);
    assertError(await auditor.get('/api/v1/audit-events?page_size=0'), 400, { field: 'page_size' });
    assertError(await auditor.get('/api/v1/audit-events?page_size=101'), 400, { field: 'page_size' });
    assertError(await auditor.get('/api/v1/audit-events?user_id=acct_1'), 400, { field: 'user_id' });
  });

  it('reading writes no audit events', async () => {
    const before = await newestAuditEventId(auditor);
    await csr.get(`/api/v1/accounts/${account.id}`);
    await csr.get(notesPath());
    await csr.get('/api/v1/accounts?q=a');
    assert.equal(await newestAuditEventId(auditor), before);
  });

  it('20 parallel note posts on one account all succeed and are all listed', async () => {
    const target = assertStatus(await csr.post('/api/v1/accounts', personAccountBody(route).body), 201);
    const path = `/api/v1/accounts/${target.id}/notes`;
    const texts = Array.from({ length: 20 }, (_, i) => `parallel note ${i + 1}`);
    const responses = await Promise.all(texts.map((text, i) => (i % 2 ? supervisor : csr).post(path, { text })));
    for (const res of responses) assertStatus(res, 201);
    const ids = responses.map((r) => r.body.id);
    assert.equal(new Set(ids).size, 20, 'two notes got the same id');
    const listed = await listAll(csr, path);
    assert.equal(listed.length, 20);
    assert.deepEqual(listed.map((n) => n.id).sort(), [...ids].sort());
    assert.deepEqual(listed.map((n) => n.text).sort(), [...texts].sort());
    const history = await listAll(csr, `/api/v1/accounts/${target.id}/history`);
    for (const id of ids) assert.ok(history.some((e) => e.entity_id === id), `note ${id} has no history event`);
  });
});
