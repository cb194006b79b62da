// Write-offs: a supervisor moves what a final account owes to bad debt, in one entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  BIN, startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, withKey,
} from './harness.mjs';

let server;
let supervisor;
let csr;
let finalAccount;  // a final account that owes money
let activeAccount;

before(async () => {
  server = await startServer({ accounts: 300, seed: 3 });
  supervisor = await signedIn(server, 'supervisor');
  csr = await signedIn(server, 'csr');
  const all = [];
  let token = '';
  for (let page = 0; page < 10; page++) {
    const res = assertStatus(await supervisor.get(`/api/v1/accounts?page_size=100${token ? `&page_token=${token}` : ''}`), 200);
    all.push(...res.data);
    if (!res.next_page_token) break;
    token = res.next_page_token;
  }
  for (const account of all) {
    if (finalAccount && activeAccount) break;
    const ledger = assertStatus(await supervisor.get(`/api/v1/accounts/${account.id}/ledger`), 200);
    if (ledger.balance.cents <= 0) continue;
    if (account.status === 'final' && !finalAccount) finalAccount = { ...account, ledger };
    if (account.status === 'active' && !activeAccount) activeAccount = { ...account, ledger };
  }
  assert.ok(finalAccount, 'the demo city has a final account that owes money');
  assert.ok(activeAccount, 'the demo city has an active account that owes money');
});

after(async () => {
  await stopServerAndAssertCleanExit(server);
});

test('a csr cannot write off; an active account cannot be written off; the memo is required', async () => {
  const path = `/api/v1/accounts/${finalAccount.id}/write-off`;
  assertError(await csr.post(path, { memo: 'uncollectible' }, withKey()), 403, { code: 'PERMISSION_DENIED' });
  assertError(await supervisor.post(`/api/v1/accounts/${activeAccount.id}/write-off`, { memo: 'x' }, withKey()),
    422, { reason: 'ACCOUNT_NOT_FINAL' });
  assertError(await supervisor.post(path, { memo: '  ' }, withKey()), 400, { field: 'memo' });
  assertError(await supervisor.post(path, { memo: 'uncollectible' }), 400, { reason: 'IDEMPOTENCY_KEY_REQUIRED' });
  const ledger = assertStatus(await supervisor.get(`/api/v1/accounts/${finalAccount.id}/ledger`), 200);
  assert.equal(ledger.balance.cents, finalAccount.ledger.balance.cents, 'nothing was written');
});

test('a supervisor writes off the whole balance to bad debt, once, and the ledger still checks', async () => {
  const path = `/api/v1/accounts/${finalAccount.id}/write-off`;
  const options = withKey();
  const first = assertStatus(await supervisor.post(path, { memo: 'Moved out of state' }, options), 201);
  const badDebt = first.entry.lines.filter((line) => line.gl_name.toLowerCase().includes('bad debt'));
  assert.equal(badDebt.length, 1);
  assert.equal(badDebt[0].amount.cents, finalAccount.ledger.balance.cents);
  const replay = await supervisor.post(path, { memo: 'Moved out of state' }, options);
  assert.equal(replay.status, 201);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal(replay.body.entry_id, first.entry_id);
  const ledger = assertStatus(await supervisor.get(`/api/v1/accounts/${finalAccount.id}/ledger`), 200);
  assert.equal(ledger.balance.cents, 0);
  // Nothing owed: the final account is closed now, and a second write-off is refused.
  const closed = assertStatus(await supervisor.get(`/api/v1/accounts/${finalAccount.id}`), 200);
  assert.equal(closed.status, 'closed');
  assertError(await supervisor.post(path, { memo: 'again' }, withKey()), 422, { reason: 'ACCOUNT_CLOSED' });
  const check = spawnSync(BIN, ['ledger', 'check', '--db', server.db], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
});
