// Billing through the HTTP API: meters and bills on the account page, readings and the readings
// exceptions queue, route reading imports, billing runs (create, approve, post in the background,
// post again), cancel and rebill, rate quotes, permissions per role and the audit log
// (docs/api.md; src/app/metering.h and src/app/billing.h state the rules).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show, listAll,
  searchAll, newestAuditEventId, referenceRoute, newAccount, uniqueWord, cityToday, addDays, cents,
  DATE, RFC3339_UTC, DEMO_USERS,
} from './harness.mjs';

const PDF_MAGIC = '%PDF';
const header = 'route,sequence,meter_serial,read_date,reading,read_code,reader';

// The last day of dateText's month, as YYYY-MM-DD.
function lastDayOfMonth(dateText) {
  const [y, m] = dateText.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
const firstDayOfMonth = (dateText) => `${dateText.slice(0, 8)}01`;
const daysBetween = (from, to) => Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);

// config/billing.toml: due 20 days after the bill date, or the Monday after when that is a weekend.
function expectedDueDate(billDate) {
  const due = addDays(billDate, 20);
  const weekday = new Date(`${due}T12:00:00Z`).getUTCDay();
  if (weekday === 6) return addDays(due, 2);
  if (weekday === 0) return addDays(due, 1);
  return due;
}

// Runs fn over items, `limit` at a time, keeping the order of the results.
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function assertPdf(res, what) {
  assert.equal(res.status, 200, show(res));
  assert.match(res.headers.get('content-type') || '', /^application\/pdf/, `${what}: ${show(res)}`);
  assert.ok(res.text.startsWith(PDF_MAGIC), `${what} does not start with %PDF: ${res.text.slice(0, 40)}`);
  assert.ok(res.text.length > 500, `${what} is suspiciously small (${res.text.length} bytes)`);
}

// The money identities of a bill: lines sum to current charges, and the total due is the previous
// balance plus payments (negative), adjustments and current charges.
function assertBillAddsUp(bill) {
  const what = `bill ${bill.id}`;
  const previous = cents(bill.previous_balance, `${what}.previous_balance`);
  const payments = cents(bill.payments, `${what}.payments`);
  const adjustments = cents(bill.adjustments, `${what}.adjustments`);
  const current = cents(bill.current_charges, `${what}.current_charges`);
  const total = cents(bill.total_due, `${what}.total_due`);
  assert.equal(total, previous + payments + adjustments + current,
    `${what}: total_due ${total} != previous ${previous} + payments ${payments} + adjustments ` +
    `${adjustments} + current ${current}`);
  assert.ok(payments <= 0, `${what}: payments should not be positive: ${payments}`);
  if (bill.lines) {
    assert.ok(Array.isArray(bill.lines), `${what}.lines`);
    const sum = bill.lines.reduce((s, line) => s + cents(line.amount, `${what} line ${line.step}`), 0);
    assert.equal(sum, current, `${what}: lines sum to ${sum}, current_charges is ${current}: ` +
      JSON.stringify(bill.lines.map((l) => [l.step, l.amount.cents])));
  }
}

// Average daily gallons over an account's billed usage (metering.usage), or null.
function averageDailyGallons(usage) {
  let gallons = 0;
  let days = 0;
  for (const month of usage) {
    gallons += Number(month.usage_gallons.whole);
    days += daysBetween(month.period_start, month.period_end) + 1;
  }
  return days > 0 ? gallons / days : null;
}

// The newest ready reading of a meter dated before `before`.
function lastReadyReading(meter, before) {
  return meter.readings.find((r) => r.status === 'ready' && r.read_on < before) || null;
}

describe('billing', () => {
  let server;
  const c = {};
  let today;
  let periodEnd;
  let billDate;
  let reference;
  const census = []; // every account: {id, status, route, cycle, account, metering}
  let meterBySerial; // current meters: serial → {meter, route, cycle, accounts: [census entry]}

  // A reading value about the account's average usage since the meter's last ready reading.
  function normalReading(entry, meter, readOn, factor = 1) {
    const previous = lastReadyReading(meter, readOn);
    assert.ok(previous, `meter ${meter.serial} has no ready reading before ${readOn}`);
    const average = averageDailyGallons(entry ? entry.metering.usage : []);
    const days = daysBetween(previous.read_on, readOn);
    const gallons = average === null ? 100 * days : average * days * factor;
    const steps = Math.max(1, Math.round(gallons / meter.multiplier));
    const limit = 10 ** meter.dials;
    return { value: (previous.value + steps) % limit, steps, previous, days };
  }

  // Active, single-meter, gallon, multiplier-1 accounts with 6+ months billed and no held reading,
  // whose readings are all before today.
  function plainAccounts(filter = () => true) {
    return census.filter((e) => {
      if (e.status !== 'active' || e.metering.meters.length !== 1 || e.metering.usage.length < 6) return false;
      const m = e.metering.meters[0];
      if (m.removed_on !== null || m.multiplier !== 1 || m.unit !== 'gal' || m.dials !== 6) return false;
      if (m.readings.some((r) => r.status === 'held' || r.read_on >= today)) return false;
      if (!lastReadyReading(m, today)) return false;
      // Ten times the average still fits the register without rolling over.
      const { value, steps } = normalReading(e, m, today, 10);
      return value > lastReadyReading(m, today).value && steps < 10 ** m.dials / 10 && filter(e);
    });
  }

  const meterOf = (entry) => entry.metering.meters[0];
  const metering = async (client, accountId) =>
    assertStatus(await client.get(`/api/v1/accounts/${accountId}/metering`), 200);
  const exceptionsAll = (client, query = 'status=all') => listAll(client, `/api/v1/reading-exceptions?${query}`);

  before(async () => {
    server = await startServer();
    for (const username of DEMO_USERS) c[username] = await signedIn(server, username);
    today = cityToday();
    periodEnd = lastDayOfMonth(today);
    billDate = addDays(periodEnd, 1);
    reference = (await referenceRoute(c.csr)).reference;
    const listed = await searchAll(c.supervisor, '', { maxPages: 20 });
    assert.ok(listed.length >= 250, `expected the demo's 300 accounts, found ${listed.length}`);
    const entries = await mapLimit(listed, 8, async (a) => {
      const account = assertStatus(await c.supervisor.get(`/api/v1/accounts/${a.id}`), 200);
      const m = await metering(c.supervisor, a.id);
      return { id: a.id, status: account.status, route: account.premise.route, cycle: account.premise.cycle,
        premiseId: account.premise.id, account, metering: m };
    });
    census.push(...entries);
    meterBySerial = new Map();
    for (const entry of census) {
      for (const meter of entry.metering.meters) {
        if (meter.removed_on !== null) continue;
        const known = meterBySerial.get(meter.serial) || { meter, route: entry.route, cycle: entry.cycle, accounts: [] };
        assert.equal(known.route, entry.route, `meter ${meter.serial} is on two routes`);
        known.accounts.push(entry);
        meterBySerial.set(meter.serial, known);
      }
    }
    assert.ok(meterBySerial.size > 200, `the demo city has only ${meterBySerial.size} meters`);
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  // ------------------------------------------------------------------------------------------
  describe('an account\'s meters and bills', () => {
    it('GET metering lists services, the meter with its readings newest first, and usage by bill', async () => {
      const entry = plainAccounts()[0];
      assert.ok(entry, 'no plain active demo account');
      for (const username of DEMO_USERS) assertStatus(await c[username].get(`/api/v1/accounts/${entry.id}/metering`), 200);
      const m = entry.metering;
      assert.ok(m.services.length >= 1, JSON.stringify(m.services));
      for (const s of m.services) {
        assert.match(s.id, /^svc_\d+$/);
        assert.equal(s.account_id, entry.id);
        assert.match(s.starts_on, DATE);
        assert.ok(reference && s.service && s.rate_class, JSON.stringify(s));
      }
      assert.ok(m.services.some((s) => s.service === 'water'), 'a plain account has water service');
      const meter = m.meters[0];
      assert.match(meter.id, /^mtr_\d+$/);
      assert.equal(meter.premise_id, entry.premiseId);
      assert.ok(meter.readings.length >= 6 && meter.readings.length <= 13, `readings: ${meter.readings.length}`);
      for (let i = 1; i < meter.readings.length; i += 1) {
        assert.ok(meter.readings[i - 1].read_on > meter.readings[i].read_on, 'readings are not newest first');
      }
      assert.equal(meter.readings[0].read_on, addDays(firstDayOfMonth(today), -1),
        'the newest demo reading is the last day of last month');
      assert.ok(m.usage.length >= 6 && m.usage.length <= 13, `usage rows: ${m.usage.length}`);
      for (let i = 1; i < m.usage.length; i += 1) assert.ok(m.usage[i - 1].period_end < m.usage[i].period_end, 'usage is not oldest first');
      assertError(await c.csr.get('/api/v1/accounts/acct_999999/metering'), 404);
      assertError(await c.csr.get('/api/v1/accounts/bogus/metering'), [400, 404]);
    });

    it('GET bills, a bill and its PDF: lines sum to current charges; total = previous + payments + adjustments + current', async () => {
      const entry = plainAccounts()[1];
      const res = await c.csr.get(`/api/v1/accounts/${entry.id}/bills?page_size=100`);
      const bills = assertStatus(res, 200).data;
      assert.equal(bills.length, entry.metering.usage.length, 'one posted bill per usage row');
      for (let i = 1; i < bills.length; i += 1) assert.ok(bills[i - 1].period_end > bills[i].period_end, 'bills not newest first');
      for (const summary of bills) {
        assert.match(summary.id, /^bill_\d+$/);
        assert.equal(summary.number, `B-${summary.id.slice(5)}`);
        assert.equal(summary.account_id, entry.id);
        assert.equal(summary.status, 'posted');
        assert.match(summary.run_id, /^run_\d+$/);
        assertBillAddsUp(summary);
      }
      // Each bill's previous balance is the last bill's total due (nothing else posts between bills
      // on a demo account but payments, which the bill lists).
      for (let i = 0; i + 1 < bills.length; i += 1) {
        assert.equal(cents(bills[i].previous_balance), cents(bills[i + 1].total_due),
          `previous_balance of ${bills[i].id} is not the total due of ${bills[i + 1].id}`);
      }
      for (const summary of bills.slice(0, 3)) {
        const bill = assertStatus(await c.auditor.get(`/api/v1/bills/${summary.id}`), 200);
        assertBillAddsUp(bill);
        assert.ok(bill.lines.length >= 2, JSON.stringify(bill.lines));
        assert.ok(bill.lines.some((l) => l.step.startsWith('water.')), JSON.stringify(bill.lines.map((l) => l.step)));
        assert.equal(bill.readings.length, 1);
        const r = bill.readings[0];
        assert.equal(r.meter_id, meterOf(entry).id);
        assert.equal(r.current_read_on, bill.period_end);
        assert.equal(Number(r.usage_gallons.whole), Number(bill.usage_gallons.whole));
        assert.equal(r.current_value - r.previous_value, Number(r.usage_gallons.whole), 'usage of a multiplier-1 meter');
        assert.equal(bill.account_number, entry.account.account_number);
        assert.ok(bill.usage_history.length >= 1);
        assert.deepEqual(bill.usage_history.at(-1).period_end, bill.period_end);
        assertPdf(await c.field.get(`/api/v1/bills/${summary.id}/pdf`), `bill ${summary.id} PDF`);
      }
      assertError(await c.csr.get('/api/v1/bills/bill_99999999'), 404);
      assertError(await c.csr.get('/api/v1/bills/bill_99999999/pdf'), 404);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('readings and the exceptions queue', () => {
    let picks; // plain accounts, none on the import route nor in the run's cycle
    let importRoute;
    let runCycle;

    before(() => {
      runCycle = '1';
      assert.ok(reference.cycles.some((x) => x.code === runCycle));
      // The import route: in another cycle, with a few meters.
      const routes = reference.routes.filter((r) => r.cycle !== runCycle).map((r) => r.code);
      importRoute = routes.find((code) => [...meterBySerial.values()].filter((m) => m.route === code).length >= 5);
      assert.ok(importRoute, 'no route outside cycle 1 with 5 meters');
      picks = plainAccounts((e) => e.cycle !== runCycle && e.route !== importRoute);
      assert.ok(picks.length >= 8, `only ${picks.length} plain accounts outside cycle ${runCycle}`);
    });

    const enter = (client, body) => client.post('/api/v1/readings', body);

    it('refusals name the field and store nothing: unknown meter, future date, beyond the register, before the previous, missing value', async () => {
      const entry = picks[0];
      const meter = meterOf(entry);
      const before = await metering(c.field, entry.id);
      const auditBefore = await newestAuditEventId(c.supervisor);
      const { value } = normalReading(entry, meter, today);
      assertError(await enter(c.field, { meter_serial: `ZZ${uniqueWord('x')}`, read_on: today, value }), 400,
        { field: 'meter_serial', reason: 'METER_UNKNOWN' });
      assertError(await enter(c.field, { meter_serial: meter.serial, read_on: addDays(today, 1), value }), 400,
        { field: 'read_on', reason: 'READING_IN_FUTURE' });
      assertError(await enter(c.field, { meter_serial: meter.serial, read_on: today, value: 10 ** meter.dials }), 400,
        { field: 'value', reason: 'READING_OUT_OF_RANGE' });
      assertError(await enter(c.field, { meter_serial: meter.serial, read_on: today, value: -1 }), 400,
        { field: 'value', reason: 'READING_OUT_OF_RANGE' });
      // The day of the newest reading: a second reading that day.
      assertError(await enter(c.field, { meter_serial: meter.serial, read_on: meter.readings[0].read_on, value }), 409,
        { field: 'read_on', reason: 'READING_DUPLICATE' });
      assertError(await enter(c.field, { meter_serial: meter.serial, read_on: today }), 400, { field: 'value' });
      assertError(await enter(c.field, { meter_serial: meter.serial, value }), 400, { field: 'read_on' });
      assertError(await enter(c.field, { meter_serial: meter.serial, read_on: '2026-02-30', value }), 400, { field: 'read_on' });
      assertError(await enter(c.field, { meter_serial: meter.serial, read_on: today, value, surprise: 1 }), 400, { field: 'surprise' });
      assert.deepEqual(await metering(c.field, entry.id), before, 'a refused reading changed the meter');
      assert.equal(await newestAuditEventId(c.supervisor), auditBefore, 'a refused reading was audited');
    });

    it('a reading dated before the meter\'s newest reading is refused naming read_on (metering.h)', async () => {
      // metering.h: EnterReading refuses "a date before the previous reading". The newest demo
      // reading is the last day of last month; a reading in the middle of last month, with a
      // value between the two readings around it, must not slip in between them.
      const entry = picks[5];
      const meter = meterOf(entry);
      const [newest, older] = meter.readings;
      const middle = addDays(older.read_on, Math.floor(daysBetween(older.read_on, newest.read_on) / 2));
      const before = await metering(c.field, entry.id);
      const value = Math.floor((older.value + newest.value) / 2);
      const res = await enter(c.field, { meter_serial: meter.serial, read_on: middle, value });
      assertError(res, 400, { field: 'read_on' });
      assert.deepEqual(await metering(c.field, entry.id), before, 'a back-dated reading was stored');
    });

    it('auditor, finance and admin cannot enter readings, import files or resolve exceptions (403)', async () => {
      const entry = picks[0];
      const meter = meterOf(entry);
      const before = await metering(c.field, entry.id);
      const { value } = normalReading(entry, meter, today);
      const csv = `route,sequence,meter_serial,read_date,reading,read_code,reader\n${entry.route},1,${meter.serial},${today},${value},,R1\n`;
      for (const username of ['auditor', 'finance', 'admin']) {
        assertError(await enter(c[username], { meter_serial: meter.serial, read_on: today, value }), 403,
          { code: 'PERMISSION_DENIED' });
        assertError(await c[username].post('/api/v1/reading-imports', { file_name: 'x.csv', csv }), 403);
        assertError(await c[username].post('/api/v1/reading-exceptions/rex_1/resolve', { action: 'accept' }), 403);
      }
      assert.deepEqual(await metering(c.field, entry.id), before, 'a forbidden reading changed the meter');
    });

    it('field enters a normal reading: ready, with its usage; a second reading the same day is 409', async () => {
      const entry = picks[0];
      const meter = meterOf(entry);
      const { value, steps } = normalReading(entry, meter, today);
      const res = await enter(c.field, { meter_serial: meter.serial, read_on: today, value, reader: 'R42' });
      const body = assertStatus(res, 201);
      assert.match(body.reading.id, /^rdg_\d+$/);
      assert.equal(body.reading.meter_id, meter.id);
      assert.equal(body.reading.status, 'ready', show(res));
      assert.equal(body.reading.kind, 'actual');
      assert.equal(body.reading.source, 'manual');
      assert.equal(body.reading.reader, 'R42');
      assert.equal(body.reading.value, value);
      assert.equal(body.exception, null, show(res));
      assert.equal(body.rolled_over, false);
      assert.equal(body.usage_gallons.whole, steps * meter.multiplier);
      const after = await metering(c.csr, entry.id);
      assert.deepEqual(after.meters[0].readings[0], body.reading, 'the reading is not the newest on the account page');

      const again = await enter(c.field, { meter_serial: meter.serial, read_on: today, value: value + 1 });
      assertError(again, 409, { reason: 'READING_DUPLICATE', field: 'read_on' });
      // csr also has meters.write; the same day is refused for anyone.
      assertError(await enter(c.csr, { meter_serial: meter.serial, read_on: today, value }), 409);
      assert.deepEqual(await metering(c.csr, entry.id), after, 'a duplicate reading changed the meter');
    });

    // Enters an absurd reading (ten times the average) and returns the held outcome.
    async function heldReading(entry, client = c.field) {
      const meter = meterOf(entry);
      const { value } = normalReading(entry, meter, today, 10);
      const res = await enter(client, { meter_serial: meter.serial, read_on: today, value });
      const body = assertStatus(res, 201);
      assert.equal(body.reading.status, 'held', show(res));
      assert.ok(body.exception, `no exception: ${show(res)}`);
      assert.equal(body.exception.kind, 'high_usage', show(res));
      assert.equal(body.exception.status, 'open');
      assert.equal(body.exception.reading_id, body.reading.id);
      assert.equal(body.exception.meter_serial, meter.serial);
      assert.equal(body.exception.route, entry.route);
      return body;
    }
    const resolve = (client, id, body) => client.post(`/api/v1/reading-exceptions/${id}/resolve`, body);
    const readingById = async (entry, id) => (await metering(c.csr, entry.id)).meters[0].readings.find((r) => r.id === id);

    it('an absurd reading is held, and its exception is in GET /reading-exceptions (open, and by route)', async () => {
      const entry = picks[1];
      const held = await heldReading(entry);
      for (const username of DEMO_USERS) {
        assertStatus(await c[username].get('/api/v1/reading-exceptions'), 200);
      }
      const open = await listAll(c.auditor, '/api/v1/reading-exceptions');
      const listed = open.find((e) => e.id === held.exception.id);
      assert.ok(listed, `exception ${held.exception.id} is not in the open queue`);
      assert.equal(listed.account_id, entry.id);
      assert.equal(listed.account_number, entry.account.account_number);
      assert.equal(listed.read_on, today);
      assert.equal(listed.value, held.reading.value);
      assert.match(listed.raised_at, RFC3339_UTC);
      assert.equal(listed.resolved_at, null);
      assert.ok(open.every((e) => e.status === 'open'), 'the default list holds only open exceptions');
      const byRoute = await listAll(c.field, `/api/v1/reading-exceptions?route=${entry.route}`);
      assert.ok(byRoute.some((e) => e.id === held.exception.id));
      assert.ok(byRoute.every((e) => e.route === entry.route), 'route filter');
      assertError(await c.field.get('/api/v1/reading-exceptions?status=bogus'), 400, { field: 'status' });
      assertError(await c.field.get('/api/v1/reading-exceptions?page_size=0'), 400, { field: 'page_size' });
    });

    it('accept: the held reading becomes ready; resolving again is 409', async () => {
      const entry = picks[1];
      const open = await listAll(c.field, `/api/v1/reading-exceptions?route=${entry.route}`);
      const exception = open.find((e) => e.account_id === entry.id && e.read_on === today);
      assert.ok(exception, 'the held reading of the previous test is gone');
      assertError(await resolve(c.field, exception.id, { action: 'approve' }), 400, { field: 'action' });
      const res = await resolve(c.field, exception.id, { action: 'accept', reason: 'Pool filled' });
      const body = assertStatus(res, 200);
      assert.equal(body.status, 'accepted');
      assert.match(body.resolved_at, RFC3339_UTC);
      assert.equal(body.resolution_reason, 'Pool filled');
      // The answer names the account as the queue does, and the value left to bill.
      assert.equal(body.account_id, entry.id);
      assert.equal(body.account_number, entry.account.account_number);
      assert.equal(body.service_address, exception.service_address);
      assert.ok(body.service_address, 'no service address');
      assert.equal(body.resolution_value, exception.value);
      assert.equal((await readingById(entry, exception.reading_id)).status, 'ready');
      assertError(await resolve(c.field, exception.id, { action: 'dismiss', reason: 'again' }), 409,
        { reason: 'EXCEPTION_ALREADY_RESOLVED' });
      const open2 = await listAll(c.field, `/api/v1/reading-exceptions?route=${entry.route}`);
      assert.ok(!open2.some((e) => e.id === exception.id), 'an accepted exception is still open');
      const accepted = await exceptionsAll(c.field, 'status=accepted');
      assert.ok(accepted.some((e) => e.id === exception.id));
    });

    it('edit: without a reason refused naming "reason"; with one, the corrected reading replaces the held one', async () => {
      const entry = picks[2];
      const held = await heldReading(entry, c.csr);
      const id = held.exception.id;
      const auditBefore = await newestAuditEventId(c.supervisor);
      const { value } = normalReading(entry, meterOf(entry), today);
      assertError(await resolve(c.field, id, { action: 'edit', value }), 400, { field: 'reason', reason: 'REASON_REQUIRED' });
      assertError(await resolve(c.field, id, { action: 'edit', value, reason: '   ' }), 400, { field: 'reason' });
      assertError(await resolve(c.field, id, { action: 'edit', reason: 'Misread' }), 400, { field: 'value' });
      assertError(await resolve(c.field, id, { action: 'edit', value: 10 ** 6, reason: 'Misread' }), 400, { field: 'value' });
      assert.equal(await newestAuditEventId(c.supervisor), auditBefore, 'a refused resolution was audited');
      assert.equal((await readingById(entry, held.reading.id)).status, 'held', 'a refused edit changed the reading');
      const body = assertStatus(await resolve(c.field, id, { action: 'edit', value, reason: 'Reader transposed digits' }), 200);
      assert.equal(body.status, 'edited');
      assert.equal(body.resolution_reason, 'Reader transposed digits');
      assert.equal(body.value, held.reading.value, 'value is the reading as held');
      assert.equal(body.resolution_value, value, 'resolution_value is the corrected reading');
      assert.equal(body.account_number, entry.account.account_number);
      const readings = (await metering(c.csr, entry.id)).meters[0].readings;
      assert.equal(readings.find((r) => r.id === held.reading.id).status, 'void');
      const corrected = readings.find((r) => r.replaces === held.reading.id);
      assert.ok(corrected, `no reading replaces ${held.reading.id}: ${JSON.stringify(readings.slice(0, 3))}`);
      assert.equal(corrected.value, value);
      assert.equal(corrected.status, 'ready');
      assert.equal(corrected.read_on, today);
      assert.equal(corrected.source, 'edit');
      const events = await listAll(c.supervisor, '/api/v1/audit-events?entity_type=reading_exception', { maxPages: 1 });
      const event = events.find((e) => e.action === 'reading_exception.resolve' && e.account_id === entry.id);
      assert.ok(event, 'the edit was not audited');
      assert.ok(event.changes.some((ch) => ch.field === 'reason' && ch.after === 'Reader transposed digits'), JSON.stringify(event.changes));
    });

    it('estimate: replaced by an estimated reading from the account\'s average', async () => {
      const entry = picks[3];
      const held = await heldReading(entry);
      const body = assertStatus(await resolve(c.supervisor, held.exception.id, { action: 'estimate' }), 200);
      assert.equal(body.status, 'estimated');
      const readings = (await metering(c.csr, entry.id)).meters[0].readings;
      assert.equal(readings.find((r) => r.id === held.reading.id).status, 'void');
      const estimate = readings.find((r) => r.replaces === held.reading.id);
      assert.ok(estimate, 'no estimated reading');
      assert.equal(estimate.kind, 'estimated');
      assert.equal(estimate.status, 'ready');
      assert.equal(estimate.read_on, today);
      // About the average: far below the absurd value, above the previous reading.
      const { previous, value: normal } = normalReading(entry, meterOf(entry), today);
      assert.ok(estimate.value > previous.value && estimate.value < held.reading.value,
        `estimate ${estimate.value} not between ${previous.value} and ${held.reading.value}`);
      assert.ok(Math.abs(estimate.value - normal) <= Math.max(2, (normal - previous.value) * 0.25),
        `estimate ${estimate.value} is far from the average-based ${normal}`);
    });

    it('dismiss: needs a reason; the held reading becomes void', async () => {
      const entry = picks[4];
      const held = await heldReading(entry);
      assertError(await resolve(c.field, held.exception.id, { action: 'dismiss' }), 400, { field: 'reason' });
      const body = assertStatus(await resolve(c.field, held.exception.id, { action: 'dismiss', reason: 'Test read' }), 200);
      assert.equal(body.status, 'dismissed');
      assert.equal((await readingById(entry, held.reading.id)).status, 'void');
    });

    it('reread: the exception waits as reread_requested until the next reading resolves it (reread_received)', async () => {
      // A new meter on a new account, so the dates are free: set 20 days ago at 5,000; a reading
      // of 4,000 ten days ago is lower than the previous and held.
      // On a route outside the run's cycle, so that the run's route files need not list it.
      const spare = reference.routes.find((r) => r.cycle !== runCycle && r.code !== importRoute);
      const account = await newAccount(c.csr, { route: spare.code, cycle: spare.cycle });
      const serial = `T-${uniqueWord('m').toUpperCase()}`;
      const setOn = addDays(today, -20);
      const set = await c.field.post(`/api/v1/accounts/${account.id}/meters`,
        { serial, size: '5/8', route_sequence: 1, set_on: setOn, initial_reading: 5000 });
      const meter = assertStatus(set, 201);
      assert.equal(meter.serial, serial);
      assert.equal(meter.set_on, setOn);
      const low = assertStatus(await enter(c.field, { meter_serial: serial, read_on: addDays(today, -10), value: 4000 }), 201);
      assert.equal(low.reading.status, 'held');
      assert.equal(low.exception.kind, 'lower_than_previous', JSON.stringify(low.exception));
      const id = low.exception.id;
      const waiting = assertStatus(await resolve(c.field, id, { action: 'reread' }), 200);
      assert.equal(waiting.status, 'reread_requested');
      assert.equal(waiting.resolved_at, null);
      assertError(await resolve(c.field, id, { action: 'reread' }), 409, { reason: 'EXCEPTION_ALREADY_RESOLVED' });
      const listed = await exceptionsAll(c.field, 'status=reread_requested');
      assert.ok(listed.some((e) => e.id === id));
      const reread = assertStatus(await enter(c.field, { meter_serial: serial, read_on: today, value: 5150 }), 201);
      assert.equal(reread.reading.status, 'ready', JSON.stringify(reread));
      assert.equal(reread.usage_gallons.whole, 150, 'usage is counted from the install reading, not the held one');
      const done = (await exceptionsAll(c.field, 'status=reread_received')).find((e) => e.id === id);
      assert.ok(done, 'the re-read did not resolve the exception');
      assert.match(done.resolved_at, RFC3339_UTC);
      const readings = (await metering(c.field, account.id)).meters[0].readings;
      assert.equal(readings.find((r) => r.id === low.reading.id).status, 'void', 'the held reading is not void');
      assertError(await resolve(c.field, id, { action: 'accept' }), 409);
    });

    // ----------------------------------------------------------------------------------------

    it('a malformed route file is 422 listing problems by line, and imports nothing', async () => {
      const onRoute = [...meterBySerial.values()].filter((m) => m.route === importRoute);
      const [a, b, d] = onRoute;
      const snapshots = await Promise.all([a, b, d].map((m) => metering(c.field, m.accounts[0].id)));
      const exceptionsBefore = await exceptionsAll(c.field, `status=all&route=${importRoute}`);
      const auditBefore = await newestAuditEventId(c.supervisor);
      const valueOf = (m) => (lastReadyReading(m.meter, today)?.value ?? 0) + 10;
      const csv = [header,
        `${importRoute},1,${a.meter.serial},${today},${valueOf(a)},read,R11`,
        `${importRoute},2,${b.meter.serial},${today.replaceAll('-', '/')},${valueOf(b)},,R11`,
        `${importRoute},3,${d.meter.serial},${today},12x4,,R11`,
        ''].join('\n');
      const res = await c.field.post('/api/v1/reading-imports', { file_name: 'bad-route.csv', csv });
      assert.equal(res.status, 422, show(res));
      assert.equal(res.body.imported, false, show(res));
      assert.deepEqual(res.body.problems.map((p) => [p.line, p.field]), [[3, 'read_date'], [4, 'reading']], show(res));
      for (const p of res.body.problems) assert.ok(p.message.length > 0);
      assert.equal(res.body.ready, 0);
      assert.equal(res.body.missing, 0);
      // Nothing was imported: not even line 2, which was fine.
      const after = await Promise.all([a, b, d].map((m) => metering(c.field, m.accounts[0].id)));
      assert.deepEqual(after, snapshots, 'a malformed file changed readings');
      assert.deepEqual(await exceptionsAll(c.field, `status=all&route=${importRoute}`), exceptionsBefore,
        'a malformed file raised exceptions');
      assert.equal(await newestAuditEventId(c.supervisor), auditBefore, 'a malformed file was audited');

      // A wrong header, a short line, a future date, an unknown read code.
      const header2 = await c.field.post('/api/v1/reading-imports', { file_name: 'h.csv', csv: `route,serial\n${importRoute},1` });
      assert.equal(header2.status, 422, show(header2));
      assert.deepEqual(header2.body.problems.map((p) => [p.line, p.field]), [[1, 'header']]);
      const more = [header,
        `${importRoute},1,${a.meter.serial},${today}`,
        `${importRoute},2,${b.meter.serial},${addDays(today, 1)},${valueOf(b)},,R11`,
        `${importRoute},3,${d.meter.serial},${today},,gone_fishing,R11`].join('\r\n');
      const res2 = await c.field.post('/api/v1/reading-imports', { file_name: 'more.csv', csv: more });
      assert.equal(res2.status, 422, show(res2));
      assert.deepEqual(res2.body.problems.map((p) => [p.line, p.field]), [[2, 'line'], [3, 'read_date'], [4, 'read_code']]);
      assertError(await c.field.post('/api/v1/reading-imports', { file_name: 'x.csv' }), 400, { field: 'csv' });
      // A byte order mark before the header (spreadsheets write one) is not a bad header; a date
      // in the right shape that does not exist says so; an unknown read code with a reading is
      // one problem, not also "a skipped meter has no reading".
      const odd = ['\uFEFF' + header,
        `${importRoute},1,${a.meter.serial},2026-13-45,${valueOf(a)},,R11`,
        `${importRoute},2,${b.meter.serial},${today},${valueOf(b)},cat,R11`].join('\n');
      const res3 = await c.field.post('/api/v1/reading-imports', { file_name: 'odd.csv', csv: odd });
      assert.equal(res3.status, 422, show(res3));
      assert.deepEqual(res3.body.problems.map((p) => [p.line, p.field]), [[2, 'read_date'], [3, 'read_code']], show(res3));
      assert.match(res3.body.problems[0].message, /2026-13-45.*real calendar date/);
      assert.deepEqual(await Promise.all([a, b, d].map((m) => metering(c.field, m.accounts[0].id))), snapshots);
    });

    it('a valid route file imports and reports counts; meters on the route not in the file are raised as missing', async () => {
      const onRoute = [...meterBySerial.values()].filter((m) => m.route === importRoute);
      const [a, b, d, ...rest] = onRoute;
      const readOf = (m) => {
        const entry = m.accounts.find((e) => e.status === 'active') || null;
        return normalReading(entry, m.meter, today).value;
      };
      const fileName = `route-${importRoute}-${uniqueWord('f').toLowerCase()}.csv`;
      const csv = [header,
        `${importRoute},1,${a.meter.serial},${today},${readOf(a)},read,R11`,
        `${importRoute},2,"${b.meter.serial}",${today},${readOf(b)},,"Reader, R11"`,
        `${importRoute},3,${d.meter.serial},${today},,dog,R11`,
        ''].join('\n');
      const res = await c.field.post('/api/v1/reading-imports', { file_name: fileName, csv });
      const report = assertStatus(res, 200);
      assert.deepEqual(report, { imported: true, lines: 3, ready: 2, held: 0, skipped: 1, unknown_meters: 0,
        duplicates: 0, already_imported: 0, missing: rest.length, problems: [] }, show(res));
      for (const m of [a, b]) {
        const newest = (await metering(c.csr, m.accounts[0].id)).meters.find((x) => x.serial === m.meter.serial).readings[0];
        assert.equal(newest.read_on, today);
        assert.equal(newest.value, readOf(m));
        assert.equal(newest.status, 'ready');
        assert.equal(newest.source, `import:${fileName}`);
      }
      const raised = (await exceptionsAll(c.field, `route=${importRoute}`)).filter((e) => e.source === `import:${fileName}`);
      assert.ok(raised.every((e) => e.kind === 'missing'), JSON.stringify(raised.map((e) => e.kind)));
      assert.deepEqual(raised.map((e) => e.meter_serial).sort(), [d, ...rest].map((m) => m.meter.serial).sort(),
        'the missing exceptions are not exactly the skipped meter and the meters not in the file');
      const skip = raised.find((e) => e.meter_serial === d.meter.serial);
      assert.match(skip.detail, /dog/);
      assert.equal(skip.value, null);

      // The same file again: its readings are already in, and raise nothing for a person to
      // dismiss; another value for the same meter and day is still a duplicate to look at.
      const before = (await exceptionsAll(c.field, `status=all&route=${importRoute}`)).filter((e) => e.kind === 'duplicate').length;
      const again = assertStatus(await c.field.post('/api/v1/reading-imports', { file_name: fileName, csv }), 200);
      assert.equal(again.ready, 0);
      assert.equal(again.duplicates, 0);
      assert.equal(again.already_imported, 2);
      const changed = assertStatus(await c.field.post('/api/v1/reading-imports', { file_name: `changed-${fileName}`, csv: [header,
        `${importRoute},1,${a.meter.serial},${today},${readOf(a) + 1},read,R11`].join('\n') }), 200);
      assert.equal(changed.duplicates, 1);
      assert.equal(changed.already_imported, 0);
      const after = (await exceptionsAll(c.field, `status=all&route=${importRoute}`)).filter((e) => e.kind === 'duplicate').length;
      assert.equal(after, before + 1, 'only the changed value raised a duplicate');
      // An unknown meter and a meter of another route are raised, not imported.
      const other = [...meterBySerial.values()].find((m) => m.route !== importRoute && m.cycle !== runCycle);
      const odd = assertStatus(await c.field.post('/api/v1/reading-imports', { file_name: `odd-${fileName}`, csv: [header,
        `${importRoute},1,NOPE-${uniqueWord('s')},${today},5,,R1`,
        `${importRoute},2,${other.meter.serial},${today},5,,R1`].join('\n') }), 200);
      assert.equal(odd.unknown_meters, 2, JSON.stringify(odd));
      assert.equal(odd.ready, 0);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('a billing run, through the API', () => {
    const cycle = '1';
    let run;
    let expected; // {accounts, billable: [census entries], values: Map(account id → value)}

    it('readings dated today for every meter of the cycle import cleanly, one file per route', async () => {
      const routes = reference.routes.filter((r) => r.cycle === cycle).map((r) => r.code);
      assert.ok(routes.length >= 2);
      const values = new Map();
      let total = 0;
      for (const route of routes) {
        const all = [...meterBySerial.values()].filter((m) => m.route === route);
        // A meter set today (an account opened today) has nothing to read yet: raised as missing.
        const meters = all.filter((m) => lastReadyReading(m.meter, today));
        const lines = meters.map((m, index) => {
          const entry = m.accounts.find((e) => e.status === 'active') || null;
          const { value } = normalReading(entry, m.meter, today);
          values.set(m.meter.serial, value);
          return `${route},${index + 1},${m.meter.serial},${today},${value},read,R20`;
        });
        if (!lines.length) continue;
        total += lines.length;
        const res = await c.field.post('/api/v1/reading-imports',
          { file_name: `route-${route}.csv`, csv: [header, ...lines].join('\n') });
        const report = assertStatus(res, 200);
        assert.equal(report.lines, lines.length);
        assert.equal(report.missing, all.length - meters.length, show(res));
        assert.equal(report.unknown_meters + report.duplicates + report.skipped, 0, show(res));
        assert.equal(report.ready + report.held, lines.length, show(res));
        assert.equal(report.held, 0, `readings at the average usage were held: ${show(res)}`);
      }
      assert.ok(total >= 20, `cycle ${cycle} has only ${total} meters`);
      const inCycle = census.filter((e) => e.cycle === cycle && (e.status === 'active' || e.status === 'final'));
      // Every active account with services is billable now: each current meter has a new ready
      // reading (a reading still held from last month does not block once a newer one is ready).
      const billable = inCycle.filter((e) => e.status === 'active' && e.metering.services.length > 0 &&
        e.metering.meters.every((m) => m.removed_on !== null || values.has(m.serial)));
      expected = { accounts: inCycle.length, billable, values, inCycle };
    });

    it('csr, field, auditor and admin cannot create a run (403), and nothing is created', async () => {
      const auditBefore = await newestAuditEventId(c.supervisor);
      const body = { cycle, period_end: periodEnd, bill_date: billDate };
      for (const username of ['csr', 'field', 'auditor', 'admin']) {
        assertError(await c[username].post('/api/v1/billing-runs', body), 403, { code: 'PERMISSION_DENIED' });
      }
      const runs = await listAll(c.csr, '/api/v1/billing-runs');
      assert.ok(!runs.some((r) => r.period_end === periodEnd), 'a forbidden request created a run');
      assert.equal(await newestAuditEventId(c.supervisor), auditBefore);
    });

    it('refuses an unknown cycle, a period ending after the bill date, a bill date too far out', async () => {
      assertError(await c.finance.post('/api/v1/billing-runs', { cycle: '99', period_end: periodEnd, bill_date: billDate }),
        400, { field: 'cycle' });
      assertError(await c.finance.post('/api/v1/billing-runs', { cycle, period_end: periodEnd, bill_date: addDays(periodEnd, -1) }),
        400, { field: 'period_end' });
      assertError(await c.finance.post('/api/v1/billing-runs', { cycle, period_end: periodEnd, bill_date: addDays(today, 40) }),
        400, { field: 'bill_date' });
      assertError(await c.finance.post('/api/v1/billing-runs', { cycle, bill_date: billDate }), 400, { field: 'period_end' });
      assertError(await c.finance.post('/api/v1/billing-runs', { period_end: periodEnd }), 400, { field: 'cycle' });
    });

    it('finance creates the run for this month: a preview whose summary matches the cycle', async () => {
      const res = await c.finance.post('/api/v1/billing-runs', { cycle, period_end: periodEnd, bill_date: billDate });
      run = assertStatus(res, 201);
      assert.match(run.id, /^run_\d+$/);
      assert.equal(run.status, 'previewed');
      assert.equal(run.cycle, cycle);
      assert.equal(run.period_start, firstDayOfMonth(today));
      assert.equal(run.period_end, periodEnd);
      assert.equal(run.bill_date, billDate);
      assert.equal(run.due_date, expectedDueDate(billDate));
      assert.ok(run.message.length > 0, 'the default message from config/billing.toml');
      assert.equal(run.approved_at, null);
      assert.equal(run.posted_at, null);
      assert.equal(run.bills_posted, 0);
      const s = run.summary;
      assert.equal(s.accounts, expected.accounts, `accounts in cycle ${cycle}`);
      assert.equal(s.already_billed, 0);
      assert.equal(s.billable, expected.billable.length, `billable: ${JSON.stringify(s.exceptions_by_kind)}`);
      assert.ok(s.billable + s.blocked <= s.accounts);
      const blockingAccounts = new Set(s.exceptions.filter((e) => e.blocking).map((e) => e.account_id));
      assert.equal(blockingAccounts.size, s.blocked, 'blocked accounts vs blocking exceptions');
      for (const e of expected.billable) assert.ok(!blockingAccounts.has(e.id), `${e.id} is blocked: ${JSON.stringify(s.exceptions.filter((x) => x.account_id === e.id))}`);
      const byService = s.charges_by_service.reduce((sum, x) => sum + cents(x.amount), 0);
      assert.equal(byService, cents(s.current_charges), 'charges by service do not add up to current charges');
      assert.ok(cents(s.current_charges) > 0);
      assert.ok(s.charges_by_service.some((x) => x.service === 'water'));
      const kindsTotal = Object.values(s.exceptions_by_kind).reduce((a, b) => a + b, 0);
      assert.equal(kindsTotal, s.exceptions.length);
      assert.deepEqual(run.preview, { accounts: s.accounts, bills: s.billable, exceptions: s.exceptions.length,
        current_charges: s.current_charges });
      assert.equal(run.posting, null);
      const got = assertStatus(await c.auditor.get(`/api/v1/billing-runs/${run.id}`), 200);
      assert.deepEqual(got.summary, s);
      const listed = await listAll(c.csr, '/api/v1/billing-runs');
      assert.equal(listed.find((r) => r.id === run.id)?.status, 'previewed');
    });

    it('a second run for the same cycle and period is 409 RUN_EXISTS', async () => {
      assertError(await c.supervisor.post('/api/v1/billing-runs', { cycle, period_end: periodEnd, bill_date: billDate }),
        409, { reason: 'RUN_EXISTS' });
    });

    it('only a supervisor approves: csr, field, finance get 403; posting before approval is 422', async () => {
      const auditBefore = await newestAuditEventId(c.supervisor);
      for (const username of ['csr', 'field', 'finance', 'auditor', 'admin']) {
        assertError(await c[username].post(`/api/v1/billing-runs/${run.id}/approve`, {}), 403, { code: 'PERMISSION_DENIED' });
      }
      for (const username of ['csr', 'field', 'auditor', 'admin']) {
        assertError(await c[username].post(`/api/v1/billing-runs/${run.id}/post`, {}), 403, { code: 'PERMISSION_DENIED' });
        assertError(await c[username].post(`/api/v1/billing-runs/${run.id}/discard`, {}), 403);
      }
      assertError(await c.finance.post(`/api/v1/billing-runs/${run.id}/post`, {}), 422, { reason: 'RUN_NOT_APPROVED' });
      assert.equal(await newestAuditEventId(c.supervisor), auditBefore, 'a refused approval or post was audited');
      const still = assertStatus(await c.csr.get(`/api/v1/billing-runs/${run.id}`), 200);
      assert.equal(still.status, 'previewed');
      assert.equal(still.bills_posted, 0);
    });

    it('the supervisor approves (audited as billing_run.approve); approving twice is 422', async () => {
      const res = await c.supervisor.post(`/api/v1/billing-runs/${run.id}/approve`, {});
      const approved = assertStatus(res, 200);
      assert.equal(approved.status, 'approved');
      assert.match(approved.approved_at, RFC3339_UTC);
      // The approval stands on the stored preview counts (billing.h: ApproveRun does not plan again).
      assert.deepEqual(approved.preview, run.preview);
      assert.equal(approved.approved_at !== null, true);
      assertError(await c.supervisor.post(`/api/v1/billing-runs/${run.id}/approve`, {}), 422, { reason: 'RUN_NOT_PREVIEWED' });
      const events = await listAll(c.supervisor, '/api/v1/audit-events?entity_type=billing_run', { maxPages: 1 });
      const approval = events.find((e) => e.action === 'billing_run.approve');
      assert.ok(approval, 'no billing_run.approve audit event');
      assert.equal(approval.user.id, c.supervisor.user.id);
      assert.ok(approval.changes.some((ch) => ch.field === 'status' && ch.before === 'previewed' && ch.after === 'approved'),
        JSON.stringify(approval.changes));
      assert.ok(approval.changes.some((ch) => ch.field === 'bills' && ch.after === String(run.summary.billable)),
        JSON.stringify(approval.changes));
      const creation = events.find((e) => e.action === 'billing_run.create');
      assert.ok(creation, 'no billing_run.create audit event');
      assert.equal(creation.user.id, c.finance.user.id);
    });

    it('the audit events name the run by its API id (entity_id === run id)', async () => {
      const events = await listAll(c.supervisor, '/api/v1/audit-events?entity_type=billing_run', { maxPages: 1 });
      const approval = events.find((e) => e.action === 'billing_run.approve');
      assert.ok(approval);
      assert.equal(approval.entity_id, run.id, `the audit log names run ${run.id} as ${approval.entity_id}`);
    });

    async function postAndWait(client) {
      const res = await client.post(`/api/v1/billing-runs/${run.id}/post`, {});
      const started = assertStatus(res, 202);
      assert.equal(started.id, run.id);
      assert.ok(started.posting && typeof started.posting.running === 'boolean', show(res));
      const deadline = Date.now() + 30_000;
      for (;;) {
        const got = assertStatus(await c.auditor.get(`/api/v1/billing-runs/${run.id}`), 200);
        if (got.posting && got.posting.running === false && got.status === 'posted') return got;
        assert.ok(!got.posting?.error, `posting failed: ${JSON.stringify(got.posting)}`);
        assert.ok(Date.now() < deadline, `posting did not finish in 30 s: ${JSON.stringify(got.posting)}`);
        await new Promise((r) => { setTimeout(r, 50); });
      }
    }

    it('finance posts (202); polling shows it posted, every billable account got exactly one bill', async () => {
      const posted = await postAndWait(c.finance);
      const n = run.summary.billable;
      assert.equal(posted.posting.report.posted, n, JSON.stringify(posted.posting));
      assert.equal(posted.posting.report.already_billed, 0);
      assert.equal(posted.posting.report.blocked, run.summary.blocked);
      assert.deepEqual(posted.posting.report.current_charges, run.summary.current_charges);
      assert.equal(posted.posting.done, posted.posting.total);
      assert.equal(posted.posting.total, expected.accounts);
      assert.equal(posted.bills_posted, n);
      assert.match(posted.posted_at, RFC3339_UTC);
      assert.equal(posted.summary.already_billed, n);
      assert.equal(posted.summary.billable, 0);
      const bills = await mapLimit(expected.billable, 8, async (entry) => {
        const list = await listAll(c.csr, `/api/v1/accounts/${entry.id}/bills`);
        const inRun = list.filter((b) => b.run_id === run.id);
        assert.equal(inRun.length, 1, `${entry.id} has ${inRun.length} bills in ${run.id}`);
        assert.equal(list[0].id, inRun[0].id, 'the run\'s bill is not the newest');
        return { entry, summary: inRun[0] };
      });
      let sum = 0;
      for (const [i, { entry, summary }] of bills.entries()) {
        sum += cents(summary.current_charges);
        assert.equal(summary.period_start, run.period_start);
        assert.equal(summary.period_end, periodEnd);
        assert.equal(summary.bill_date, billDate);
        assert.equal(summary.due_date, run.due_date);
        assertBillAddsUp(summary);
        if (i < 10) {
          const bill = assertStatus(await c.csr.get(`/api/v1/bills/${summary.id}`), 200);
          assertBillAddsUp(bill);
          const meter = entry.metering.meters.find((m) => m.removed_on === null);
          const reading = bill.readings.find((r) => r.meter_id === meter.id);
          assert.ok(reading, `bill ${bill.id} did not use meter ${meter.id}`);
          assert.equal(reading.current_read_on, today);
          assert.equal(reading.current_value, expected.values.get(meter.serial));
          assert.equal(reading.previous_read_on, lastReadyReading(meter, today).read_on);
          assert.equal(bill.message, run.message);
        }
      }
      assert.equal(sum, cents(run.summary.current_charges), 'the bills do not add up to the previewed charges');
      expected.bills = bills;
    });

    it('posting again bills nobody twice; a new run for the cycle and period is still 409; discard is 422', async () => {
      const again = await postAndWait(c.supervisor);
      assert.equal(again.posting.report.posted, 0, JSON.stringify(again.posting));
      assert.equal(again.posting.report.already_billed, run.summary.billable);
      assert.equal(again.bills_posted, run.summary.billable);
      assertError(await c.finance.post('/api/v1/billing-runs', { cycle, period_end: periodEnd, bill_date: billDate }),
        409, { reason: 'RUN_EXISTS' });
      assertError(await c.finance.post(`/api/v1/billing-runs/${run.id}/discard`, {}), 422, { reason: 'RUN_HAS_BILLS' });
      for (const { entry } of expected.bills.slice(0, 5)) {
        const list = await listAll(c.csr, `/api/v1/accounts/${entry.id}/bills`);
        assert.equal(list.filter((b) => b.run_id === run.id).length, 1);
      }
      const events = await listAll(c.supervisor, '/api/v1/audit-events?entity_type=billing_run', { maxPages: 1 });
      const postedEvents = events.filter((e) => e.action === 'billing_run.posted');
      assert.ok(postedEvents.length >= 2, 'each post is audited as billing_run.posted');
      assert.ok(postedEvents[0].changes.some((ch) => ch.field === 'bills_posted' && ch.after === '0'), JSON.stringify(postedEvents[0].changes));
      assert.ok(events.some((e) => e.action === 'billing_run.post' && e.user.id === c.finance.user.id));
    });

    it('the run\'s bills.pdf is a PDF with a page per bill', async () => {
      const res = await c.auditor.get(`/api/v1/billing-runs/${run.id}/bills.pdf`, { timeoutMs: 60_000 });
      assertPdf(res, 'bills.pdf');
      const pages = (res.text.match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.ok(pages >= run.summary.billable, `${pages} pages for ${run.summary.billable} bills`);
      assertError(await c.auditor.get('/api/v1/billing-runs/run_999999'), 404);
      assertError(await c.auditor.get('/api/v1/billing-runs/bogus'), [400, 404]);
    });

    it('bills.pdf of an unknown run is 404 (docs/api.md: an unknown id in the path)', async () => {
      assertError(await c.auditor.get('/api/v1/billing-runs/run_999999/bills.pdf'), 404);
    });

    // ----------------------------------------------------------------------------------------
    it('rebill: forbidden to csr; needs a reason; with a corrected reading a new bill replaces the old; the cancelled one cannot be rebilled', async () => {
      const { entry, summary } = expected.bills[0];
      const meter = entry.metering.meters.find((m) => m.removed_on === null);
      const old = assertStatus(await c.csr.get(`/api/v1/bills/${summary.id}`), 200);
      const corrected = (old.readings[0].current_value + 1000) % 10 ** meter.dials;
      const body = { reason: 'Meter misread; field re-read', corrections: [{ meter_id: meter.id, value: corrected }] };
      const auditBefore = await newestAuditEventId(c.supervisor);
      for (const username of ['csr', 'field', 'auditor', 'admin']) {
        assertError(await c[username].post(`/api/v1/bills/${summary.id}/rebill`, body), 403, { code: 'PERMISSION_DENIED' });
      }
      assertError(await c.finance.post(`/api/v1/bills/${summary.id}/rebill`, { corrections: body.corrections }), 400,
        { field: 'reason' });
      assertError(await c.finance.post(`/api/v1/bills/${summary.id}/rebill`, { ...body, reason: '  ' }), 400,
        { field: 'reason' });
      assertError(await c.finance.post(`/api/v1/bills/${summary.id}/rebill`,
        { reason: 'x', corrections: [{ meter_id: meter.id }] }), 400, { field: /^corrections/ });
      assert.equal(await newestAuditEventId(c.supervisor), auditBefore, 'a refused rebill was audited');
      assert.equal(assertStatus(await c.csr.get(`/api/v1/bills/${summary.id}`), 200).status, 'posted');
      // Only the newest bill: the previous month's bill of the account is refused.
      const list = await listAll(c.csr, `/api/v1/accounts/${entry.id}/bills`);
      assertError(await c.finance.post(`/api/v1/bills/${list[1].id}/rebill`, { reason: 'old' }), 422, { reason: 'BILL_NOT_NEWEST' });

      const res = await c.finance.post(`/api/v1/bills/${summary.id}/rebill`, body);
      const rebill = assertStatus(res, 201);
      assert.notEqual(rebill.id, old.id);
      assert.equal(rebill.replaces_bill_id, old.id);
      assert.equal(rebill.status, 'posted');
      assert.equal(rebill.account_id, entry.id);
      assert.equal(rebill.period_start, old.period_start);
      assert.equal(rebill.period_end, old.period_end);
      assert.equal(rebill.readings[0].current_value, corrected);
      assert.equal(rebill.readings[0].previous_value, old.readings[0].previous_value);
      assert.equal(Number(rebill.usage_gallons.whole), Number(old.usage_gallons.whole) + 1000 * meter.multiplier);
      assert.ok(cents(rebill.current_charges) > cents(old.current_charges), 'more water, bigger bill');
      assertBillAddsUp(rebill);
      const cancelled = assertStatus(await c.csr.get(`/api/v1/bills/${old.id}`), 200);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.cancel_reason, body.reason);
      const after = await listAll(c.csr, `/api/v1/accounts/${entry.id}/bills`);
      assert.equal(after[0].id, rebill.id, 'the rebill is not the newest bill');
      // The corrected reading replaced the imported one on the meter.
      const readings = (await metering(c.csr, entry.id)).meters.find((m) => m.id === meter.id).readings;
      const replaced = readings.find((r) => r.id === readings.find((x) => x.value === corrected && x.status === 'ready')?.replaces);
      assert.ok(replaced && replaced.status === 'void', `the rebilled reading was not voided: ${JSON.stringify(readings.slice(0, 3))}`);

      assertError(await c.finance.post(`/api/v1/bills/${old.id}/rebill`, { reason: 'again' }), 409,
        { reason: 'BILL_ALREADY_CANCELLED' });
      assertError(await c.finance.post('/api/v1/bills/bill_99999999/rebill', { reason: 'none' }), 404);
      const events = await listAll(c.supervisor, '/api/v1/audit-events?entity_type=bill', { maxPages: 1 });
      const event = events.find((e) => e.action === 'bill.cancel_and_rebill' && e.account_id === entry.id);
      assert.ok(event, 'the rebill was not audited');
      assert.equal(event.user.id, c.finance.user.id);
      assert.ok(event.changes.some((ch) => ch.field === 'reason' && ch.after === body.reason));
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('rates', () => {
    const quoteBody = () => ({
      period: { first: '2026-10-01', last: '2026-10-31' },
      inside_city: true,
      services: [
        { service: 'water', rate_class: 'residential', meter_size: '5/8' },
        { service: 'sewer', rate_class: 'residential' },
        { service: 'sanitation', rate_class: 'residential', units: 2 },
      ],
      water_usage_gallons: '12000',
      winter_average_gallons: '5500',
    });

    it('a residential water + sewer + sanitation quote has its lines and a total that is their sum', async () => {
      for (const username of DEMO_USERS) {
        const res = await c[username].post('/api/v1/rate-quotes', quoteBody());
        const quote = assertStatus(res, 200);
        const steps = quote.lines.map((l) => [l.step, cents(l.amount)]);
        assert.deepEqual(steps, [
          ['water.residential.base', 950],
          ['water.residential.block.1', 5020],
          ['water.residential.block.2', 1838],
          ['sewer.residential.surcharge', 1775],
          ['sewer.residential.block.1', 1898],
          ['sanitation.residential.cart.1', 1150],
          ['sanitation.residential.cart.2', 700],
        ], show(res));
        assert.equal(cents(quote.total), quote.lines.reduce((s, l) => s + cents(l.amount), 0));
        assert.equal(cents(quote.total), 13331);
        for (const line of quote.lines) {
          assert.ok(['water', 'sewer', 'sanitation'].includes(line.fund), JSON.stringify(line));
          assert.match(line.effective, DATE);
        }
      }
    });

    it('refusals name the field: unknown class, unknown service, unknown field, missing period', async () => {
      const unknownClass = quoteBody();
      unknownClass.services[1].rate_class = 'palace';
      assertError(await c.csr.post('/api/v1/rate-quotes', unknownClass), 400, { field: 'services[1].rate_class' });
      const unknownService = quoteBody();
      unknownService.services[0].service = 'electricity';
      assertError(await c.csr.post('/api/v1/rate-quotes', unknownService), 400, { field: /^services\[0\]\.service/ });
      assertError(await c.csr.post('/api/v1/rate-quotes', { ...quoteBody(), surprise: true }), 400, { field: 'surprise' });
      const noPeriod = quoteBody();
      delete noPeriod.period;
      assertError(await c.csr.post('/api/v1/rate-quotes', noPeriod), 400, { field: /^period/ });
      assertError(await c.csr.post('/api/v1/rate-quotes', { ...quoteBody(), water_usage_gallons: 12000 }), 400,
        { field: 'water_usage_gallons' });
    });

    it('GET /rates lists the loaded versions and the services and classes in effect today', async () => {
      for (const username of DEMO_USERS) assertStatus(await c[username].get('/api/v1/rates'), 200);
      const rates = assertStatus(await c.field.get('/api/v1/rates'), 200);
      assert.ok(rates.data.length >= 1);
      const current = rates.data.find((v) => v.effective === '2024-07-01');
      assert.ok(current, JSON.stringify(rates.data));
      assert.match(current.name, /Moore/);
      const codes = rates.current_services.map((s) => s.code).sort();
      assert.deepEqual(codes, ['sanitation', 'sewer', 'stormwater', 'water']);
      const water = rates.current_services.find((s) => s.code === 'water');
      const residential = water.classes.find((k) => k.code === 'residential');
      assert.equal(residential.metered, true);
      assert.deepEqual([...residential.meter_sizes].sort(), ['1', '1.5', '2', '3/4', '5/8']);
      const sanitation = rates.current_services.find((s) => s.code === 'sanitation');
      assert.equal(sanitation.classes.find((k) => k.code === 'residential').metered, false);
    });
  });
});
