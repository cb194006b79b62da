// The command line: migrate, user add (password on stdin), and refusals with clear messages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, startServer, stopServerAndAssertCleanExit, Client } from './harness.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cistern-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args, input = '') {
  const result = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 60000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('migrate applies the schema once and reports the versions', () => {
  const db = path.join(dir, 'migrate.db');
  const first = run(['migrate', '--db', db]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /schema version 0 -> 16/);
  const second = run(['migrate', '--db', db]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /schema version 16 -> 16/);
});

test('demo refuses a database that already has accounts', () => {
  const db = path.join(dir, 'twice.db');
  assert.equal(run(['demo', '--db', db, '--accounts', '5']).code, 0);
  const again = run(['demo', '--db', db, '--accounts', '5']);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /already has accounts/);
});

test('demo refuses a size out of range', () => {
  const result = run(['demo', '--db', path.join(dir, 'size.db'), '--accounts', '0']);
  assert.notEqual(result.code, 0);
});

test('a missing or broken city configuration is refused, naming the key', () => {
  const missing = run(['migrate', '--db', path.join(dir, 'c.db'), '--config', path.join(dir, 'none.toml')]);
  // migrate does not read the city file; demo does.
  assert.equal(missing.code, 0);
  const demo = run(['demo', '--db', path.join(dir, 'c2.db'), '--accounts', '1', '--config', path.join(dir, 'none.toml')]);
  assert.notEqual(demo.code, 0);
  assert.match(demo.stderr, /Cannot read/);
});

test('user add reads the password from stdin, and the new user can sign in', async () => {
  const server = await startServer({ accounts: 20, seed: 5 });
  try {
    const added = run(['user', 'add', '--db', server.db, '--username', 'pat.lee',
      '--display-name', 'Pat Lee', '--role', 'supervisor'], 'a long enough password\n');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added user pat\.lee \(supervisor\)/);
    // The password never appears in the command's output.
    assert.doesNotMatch(added.stdout + added.stderr, /long enough password/);

    const client = new Client(server);
    const signIn = await client.post('/api/v1/sessions', { username: 'pat.lee', password: 'a long enough password' });
    assert.equal(signIn.status, 201);
    assert.equal(signIn.body.user.role, 'supervisor');

    const short = run(['user', 'add', '--db', server.db, '--username', 'sam', '--display-name', 'Sam',
      '--role', 'csr'], 'short\n');
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /at least 12 characters.*field: password/);

    const role = run(['user', 'add', '--db', server.db, '--username', 'sam', '--display-name', 'Sam',
      '--role', 'boss'], 'a long enough password\n');
    assert.notEqual(role.code, 0);
    assert.match(role.stderr, /--role/);

    const taken = run(['user', 'add', '--db', server.db, '--username', 'pat.lee', '--display-name', 'Pat',
      '--role', 'csr'], 'a long enough password\n');
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, /already taken/);
  } finally {
    await stopServerAndAssertCleanExit(server);
  }
});

test('cycle add and route add set up reference data, refusing bad codes, duplicates and unknown cycles', () => {
  const db = path.join(dir, 'reference.db');
  assert.equal(run(['migrate', '--db', db]).code, 0);
  const cycle = run(['cycle', 'add', '--db', db, '--code', '7', '--name', 'Cycle 7']);
  assert.equal(cycle.code, 0, cycle.stderr);
  const route = run(['route', 'add', '--db', db, '--code', 'R70', '--name', 'Route 70', '--cycle', '7']);
  assert.equal(route.code, 0, route.stderr);
  assert.match(route.stdout, /Added meter route R70 \(Route 70\) on cycle 7/);
  const unknownCycle = run(['route', 'add', '--db', db, '--code', 'R71', '--name', 'Route 71', '--cycle', '8']);
  assert.notEqual(unknownCycle.code, 0);
  assert.match(unknownCycle.stderr, /does not exist.*field: cycle/);
  const duplicate = run(['cycle', 'add', '--db', db, '--code', '7', '--name', 'Again']);
  assert.notEqual(duplicate.code, 0);
  assert.match(duplicate.stderr, /already exists/);
  const badCode = run(['route', 'add', '--db', db, '--code', 'R 72', '--name', 'x', '--cycle', '7']);
  assert.notEqual(badCode.code, 0);
  assert.match(badCode.stderr, /field: code/);
});

// `cistern rate quote` is how a city checks a rate file against its published examples: the
// City of Moore's June 2014 example bill (25,000 gallons, a 5/8" residential meter) under the
// old and the new rates (/work/shared/reference/moore-ok.md), to the cent, as JSON on stdout.
test('rate quote reproduces the Moore June 2014 example bill under the old and the new rates', () => {
  const quote = (file) => {
    const result = run(['rate', 'quote', '--rates', `config/rates/${file}`, '--service', 'water:residential:5/8',
      '--usage', '25000', '--from', '2014-06-01', '--to', '2014-06-30']);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };
  const old = quote('moore-2014-old.toml');
  assert.deepEqual(old.lines.map((l) => l.amount.cents), [950, 0, 5400, 1500]);
  assert.equal(old.total.cents, 7850);
  const next = quote('moore-2014-new.toml');
  assert.deepEqual(next.lines.map((l) => l.amount.cents), [950, 300, 5400, 2615]);
  assert.equal(next.total.cents, 9265);
  // A bad request says what is wrong with which option, and prints no quote.
  const bad = run(['rate', 'quote', '--rates', 'config/rates/moore-2014-old.toml', '--service', 'water:residential:5/8',
    '--from', '2014-06-30', '--to', '2014-06-01', '--usage', '25000']);
  assert.notEqual(bad.code, 0);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /period|--to|--from/i);
});

// `bill run` finds an existing run for the cycle and period before anything else: it resumes it
// without --bill-date, refuses options that disagree with it instead of ignoring them, and
// `bill discard` removes a run made for the wrong period so the right one can run.
test('bill run resumes a run by its period, refuses disagreeing options, and bill discard frees the period', () => {
  const db = path.join(dir, 'runs.db');
  // This month, which a one-month demo city has not billed: a run to the 20th made by mistake,
  // then the whole month. Bill dates stay within the 31 days a run may look ahead.
  const today = new Date().toISOString().slice(0, 10);
  const month = today.slice(0, 7);
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const after = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const mid = `${month}-20`;
  const tenth = `${month}-10`;
  assert.equal(run(['demo', '--db', db, '--accounts', '40', '--months', '1']).code, 0);
  const wrong = run(['bill', 'run', '--db', db, '--cycle', '1', '--period-end', mid, '--bill-date', last, '--preview']);
  assert.equal(wrong.code, 0, wrong.stderr);
  assert.match(wrong.stdout, new RegExp(`${month}-01 to ${mid}`));
  const overlapping = run(['bill', 'run', '--db', db, '--cycle', '1', '--period-end', last, '--bill-date', last, '--preview']);
  assert.notEqual(overlapping.code, 0);
  assert.match(overlapping.stderr, new RegExp(`${month}-01 to ${mid}, which shares days`));
  const otherStart = run(['bill', 'run', '--db', db, '--cycle', '1', '--period-end', mid, '--period-start', tenth, '--preview']);
  assert.notEqual(otherStart.code, 0);
  assert.match(otherStart.stderr, new RegExp(`--period-start ${month}-01, not ${tenth}`));
  const otherDate = run(['bill', 'run', '--db', db, '--cycle', '1', '--period-end', mid, '--bill-date', after, '--preview']);
  assert.notEqual(otherDate.code, 0);
  assert.match(otherDate.stderr, new RegExp(`--bill-date ${last}, not ${after}`));
  const resumed = run(['bill', 'run', '--db', db, '--cycle', '1', '--period-end', mid, '--preview']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`bill date ${last}`));
  const discarded = run(['bill', 'discard', '--db', db, '--cycle', '1', '--period-end', mid]);
  assert.equal(discarded.code, 0, discarded.stderr);
  assert.match(discarded.stdout, new RegExp(`Discarded run \\d+ · cycle 1 · ${month}-01 to ${mid}`));
  const right = run(['bill', 'run', '--db', db, '--cycle', '1', '--period-end', last, '--bill-date', last, '--preview']);
  assert.equal(right.code, 0, right.stderr);
  const notADay = run(['bill', 'run', '--db', db, '--cycle', '1', '--period-end', `${month}-32`]);
  assert.notEqual(notADay.code, 0);
  assert.match(notADay.stderr, /real calendar date/);
  assert.match(run(['bill', 'discard', '--db', db, '--cycle', '1', '--period-end', after]).stderr, /no billing run/);
});
