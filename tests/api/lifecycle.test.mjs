// Start, stop and transfer service through the HTTP API (docs/api.md, "Start, stop and transfer";
// src/app/service_lifecycle.h states the rules): the preview the CSR reads out, a start for a new
// customer with its deposit, fee and turn-on order, the turn-on activating the account, a stop
// whose final read posts the final bill and applies the deposit, a transfer, the final-bill
// action for a held final reading, permissions, and every refusal writing nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  BIN, startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus,
  referenceRoute, newAccount, personAccountBody, uniqueWord, cityToday, addDays, listAll, cents,
  DATE, RFC3339_UTC, withKey,
} from './harness.mjs';

// Every lifecycle write moves money (fees, deposits, final bills), so it carries an
// Idempotency-Key: a fresh one, unless a test gives its own or none.
const KEYED = /\/(service-starts|stop|transfer|final-bill)$/;
function keyed(client) {
  const post = client.post.bind(client);
  client.post = (p, json, opts = {}) => {
    const given = opts.headers && 'idempotency-key' in opts.headers;
    if (!KEYED.test(p) || given || opts.noKey) return post(p, json, opts);
    return post(p, json, { ...opts, headers: { ...(opts.headers || {}), ...withKey().headers } });
  };
  return client;
}

describe('start, stop and transfer service', () => {
  let server;
  const c = {};
  let today;
  let route;

  // A premise with a meter set on it and no service on: a new (pending, service-less) account
  // holds the premise, and the field sets a meter there 20 days ago at `initial`.
  async function vacantPremiseWithMeter(initial = 1000) {
    const holder = await newAccount(c.csr, route);
    const serial = `LC-${uniqueWord('m').toUpperCase()}`;
    const meter = assertStatus(await c.field.post(`/api/v1/accounts/${holder.id}/meters`,
      { serial, size: '5/8', route_sequence: 4, set_on: addDays(today, -20), initial_reading: initial }), 201);
    return { premiseId: holder.premise.id, meter };
  }

  // A start request body for a new customer at `premiseId`.
  function startBody(premiseId, extra = {}) {
    return {
      customer: personAccountBody(route).body.customer,
      premise_id: premiseId,
      requested_on: today,
      window: 'morning',
      tenure: 'renter',
      credit_rating: '',
      credit_reference: '',
      remarks: 'Dog in the yard',
      ...extra,
    };
  }

  const preview = (client, body) => client.post('/api/v1/service-starts/preview', body);
  const start = (client, body, opts = {}) => client.post('/api/v1/service-starts', body, opts);
  const lifecycle = async (accountId) =>
    assertStatus(await c.csr.get(`/api/v1/accounts/${accountId}/lifecycle`), 200).data;
  const accountCount = async () => (await listAll(c.csr, '/api/v1/accounts')).length;
  const turnOnCompletion = (reading) => ({ reading, present_person: 'Pat Doe', waiver_signed: true, worked_by: 'R12' });

  // An active demo account on a single-family premise inside the city, with its meter's newest
  // reading and no open stop.
  async function activeDemoAccount(skip = new Set()) {
    const accounts = await listAll(c.csr, '/api/v1/accounts');
    for (const summary of accounts) {
      if (summary.status !== 'active' || skip.has(summary.id)) continue;
      const account = assertStatus(await c.csr.get(`/api/v1/accounts/${summary.id}`), 200);
      if (account.premise.premise_type !== 'single_family' || !account.premise.inside_city_limits) continue;
      const metering = assertStatus(await c.csr.get(`/api/v1/accounts/${summary.id}/metering`), 200);
      const meter = metering.meters.find((m) => m.readings && m.readings.length > 0);
      if (!meter || metering.services.length === 0) continue;
      if ((await lifecycle(summary.id)).length > 0) continue;
      skip.add(summary.id);
      return { account, meter, lastReading: meter.readings[0], nextReading: plausibleNextReading(meter.readings) };
    }
    throw new Error('no active single-family demo account with a meter');
  }
  const usedDemoAccounts = new Set();

  // A reading for today that passes the usage checks: the meter's last daily usage carried on.
  function plausibleNextReading(readings) {
    const [last, before] = readings;
    const days = (a, b) => Math.round((Date.parse(a) - Date.parse(b)) / 86_400_000);
    const daily = before ? Math.max(1, Math.round((last.value - before.value) / Math.max(1, days(last.read_on, before.read_on)))) : 150;
    return last.value + daily * Math.max(1, days(today, last.read_on));
  }

  before(async () => {
    server = await startServer({ accounts: 40, seed: 3 });
    for (const role of ['csr', 'supervisor', 'field', 'auditor']) c[role] = keyed(await signedIn(server, role));
    today = cityToday();
    const reference = await referenceRoute(c.csr);
    route = { route: reference.route, cycle: reference.cycle };
  });

  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('previews, starts and turns on service for a new customer; stops it', async () => {
    const { premiseId, meter } = await vacantPremiseWithMeter(1000);
    const countBefore = await accountCount();

    // The preview: services by the city's rules, the deposit the guidelines compute, the fee.
    const body = startBody(premiseId, { deposit_paid_now: true });
    const seen = assertStatus(await preview(c.csr, body), 200);
    assert.equal(seen.customer, null, 'a new customer is not on file yet');
    assert.equal(seen.premise.id, premiseId);
    assert.deepEqual(seen.services.map((s) => s.service), ['water', 'sewer', 'sanitation', 'stormwater']);
    const water = seen.services[0];
    assert.equal(water.rate_class, 'residential');
    assert.equal(water.rule, 'Single-family water');
    assert.equal(water.rule_number, 3);
    assert.equal(water.metered, true);
    assert.equal(water.units, 1);
    for (const service of seen.services) {
      for (const key of ['service_name', 'class_name', 'unit_name', 'rule']) {
        assert.equal(typeof service[key], 'string', `${service.service}.${key}: ${JSON.stringify(service)}`);
      }
      assert.ok(Number.isInteger(service.rule_number) && service.rule_number >= 1, JSON.stringify(service));
    }
    assert.equal(cents(seen.deposit.amount), 10000);
    assert.match(seen.deposit.reasons.join(' '), /renter/i);
    assert.deepEqual(seen.deposit.installments.map((m) => cents(m)), [5000, 5000]);
    assert.equal(seen.fee.code, 'new_service');
    assert.equal(cents(seen.fee.amount), 2500);
    assert.deepEqual(seen.unpaid_finals, []);
    assert.equal(seen.unpaid_final_policy, 'transfer');
    assert.equal(seen.cash_only_until, null);
    assert.equal(seen.returned_payments, 0);
    assert.equal(seen.turn_on_order, true);
    assert.equal(seen.meter_serial, meter.serial);
    assert.ok(Array.isArray(seen.warnings));
    assert.equal(await accountCount(), countBefore, 'the preview wrote an account');

    // The start: a pending account with its services, deposit, fee and turn-on order.
    const res = await start(c.csr, body);
    const started = assertStatus(res, 201);
    const account = started.account;
    assert.match(account.id, /^acct_\d+$/);
    assert.equal(res.headers.get('location'), `/api/v1/accounts/${account.id}`);
    assert.equal(account.status, 'pending');
    assert.equal(account.premise.id, premiseId);
    assert.equal(account.customer.last_name, body.customer.last_name);
    assert.deepEqual(started.services.map((s) => s.service).sort(), ['sanitation', 'sewer', 'stormwater', 'water']);
    assert.equal(cents(started.deposit.required), 10000);
    assert.match(started.deposit.id, /^dep_\d+$/);
    assert.match(started.fee_entry_id, /^je_\d+$/);
    const order = started.turn_on_order;
    assert.equal(order.type, 'turn_on');
    assert.equal(order.status, 'open');
    assert.equal(order.window, 'morning');
    assert.equal(order.account_id, account.id);
    assert.equal(order.meter_serial, meter.serial);
    assert.equal(order.remarks, 'Dog in the yard');
    const request = started.request;
    assert.match(request.id, /^svcreq_\d+$/);
    assert.equal(request.kind, 'start');
    assert.equal(request.status, 'open');
    assert.equal(request.account_id, account.id);
    assert.equal(request.account_number, account.account_number);
    assert.equal(request.premise_id, premiseId);
    assert.equal(request.requested_on, today);
    assert.equal(request.order_id, order.id);
    assert.equal(request.fee_code, 'new_service');
    assert.equal(request.fee_entry_id, started.fee_entry_id);
    assert.equal(request.paired_request_id, null);
    assert.match(request.created_at, RFC3339_UTC);
    assert.equal(request.created_by.display_name, c.csr.user.display_name);
    assert.equal(request.completed_at, null);
    assert.equal(await accountCount(), countBefore + 1);

    // The same account view as GET /accounts/{id}.
    const fetched = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}`), 200);
    assert.equal(fetched.account_number, account.account_number);
    assert.equal(fetched.customer.id, account.customer.id);
    assert.deepEqual((await lifecycle(account.id)).map((r) => r.id), [request.id]);

    // Starting again where service is now on is refused, and writes nothing.
    assertError(await start(c.csr, startBody(premiseId, { requested_on: addDays(today, 1) })), 409,
      { reason: 'SERVICE_ACTIVE_AT_PREMISE', field: 'services' });
    assert.equal(await accountCount(), countBefore + 1, 'a refused start wrote an account');

    // The turn-on with its reading, the person present and the waiver activates the account.
    const done = assertStatus(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, turnOnCompletion(1010)), 200);
    assert.equal(done.status, 'completed');
    assert.equal(done.reading_outcome.reading.status, 'ready');
    const active = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}`), 200);
    assert.equal(active.status, 'active');
    const [completedStart] = await lifecycle(account.id);
    assert.equal(completedStart.status, 'completed');
    assert.equal(completedStart.reading_id, done.reading_id);
    assert.match(completedStart.completed_at, RFC3339_UTC);

    // A stop before the services started is refused and writes nothing.
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/stop`, { stop_on: addDays(today, -1) }), 400,
      { reason: 'STOP_BEFORE_START', field: 'stop_on' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/stop`, { stop_on: today, window: 'evening' }), 400,
      { field: 'window' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/stop`, { stop_on: today, colour: 'red' }), 400,
      { field: 'colour' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/final-bill`, {}), 422, { reason: 'NO_STOP_REQUESTED' });
    assert.equal((await lifecycle(account.id)).length, 1, 'a refused stop was written');

    // The stop: a final-read order; completing it posts the final bill and applies the deposit.
    const stopped = assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/stop`,
      { stop_on: today, remarks: 'Moving out' }), 201);
    assert.equal(stopped.request.kind, 'stop');
    assert.equal(stopped.request.status, 'open');
    assert.equal(stopped.request.requested_on, today);
    assert.equal(stopped.final_bill, null);
    const finalRead = stopped.final_read_order;
    assert.equal(finalRead.type, 'final_read');
    assert.equal(finalRead.account_id, account.id);
    assert.equal(stopped.request.order_id, finalRead.id);
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/stop`, { stop_on: today }), 409,
      { reason: 'STOP_ALREADY_REQUESTED' });

    // The final read is done on a later day than the turn-on (one reading per meter per day):
    // the demo-account stop below completes one.
    assert.equal(finalRead.status, 'open');
  });

  it('refuses bad start values naming the field, and writes nothing', async () => {
    const { premiseId } = await vacantPremiseWithMeter();
    const countBefore = await accountCount();
    const refusals = [
      [{ window: 'evening' }, 400, { field: 'window' }],
      [{ tenure: 'tenant' }, 400, { reason: 'TENURE_UNKNOWN', field: 'tenure' }],
      [{ tenure: undefined }, 400, { field: 'tenure' }],
      [{ premise_id: 'acct_1' }, 400, { field: 'premise_id' }],
      [{ premise_id: undefined }, 400, { field: 'premise_id' }],
      [{ requested_on: 'soon' }, 400, { field: 'requested_on' }],
      [{ requested_on: undefined }, 400, { field: 'requested_on' }],
      [{ requested_on: addDays(today, 400) }, 400, { field: 'requested_on' }],
      [{ units: { sanitation: 'two' } }, 400, { field: 'units.sanitation' }],
      [{ units: { sanitation: 0 } }, 400, { field: /^units/ }],
      [{ services: 'water' }, 400, { field: 'services' }],
      [{ services: ['gas'] }, 400, { field: 'services' }],
      [{ deposit_installments: 9 }, 400, { field: 'deposit_installments' }],
      [{ deposit_amount_cents: 50000 }, 400, { reason: 'AMOUNT_ABOVE_GUIDELINES', field: 'deposit_amount_cents' }],
      [{ customer_id: 'cust_1' }, 400, { field: 'customer' }],
      [{ colour: 'red' }, 400, { field: 'colour' }],
    ];
    for (const [extra, status, expected] of refusals) {
      const body = startBody(premiseId, extra);
      for (const [key, value] of Object.entries(extra)) if (value === undefined) delete body[key];
      assertError(await start(c.csr, body), status, expected);
    }
    const noName = startBody(premiseId);
    delete noName.customer.last_name;
    assertError(await start(c.csr, noName), 400, { field: 'customer.last_name' });
    assertError(await preview(c.csr, noName), 400, { field: 'customer.last_name' });
    assertError(await start(c.csr, startBody('prem_99999999')), [400, 404], { field: 'premise_id' });
    // A CSR cannot waive the deposit: the supervisor decides a reduction on the new account.
    assertError(await start(c.csr, startBody(premiseId, { deposit_amount_cents: 0 })), 422,
      { reason: 'APPROVAL_REQUIRED', field: 'deposit_amount_cents' });
    assert.equal(await accountCount(), countBefore, 'a refused start wrote an account');
    const orders = assertStatus(await c.csr.get(`/api/v1/service-orders?type=turn_on&status=all&page_size=100`), 200);
    assert.ok(!orders.data.some((o) => o.premise_id === premiseId), 'a refused start wrote a turn-on order');
  });

  it('refuses a start where service is on, for an existing customer too', async () => {
    const { account } = await activeDemoAccount(usedDemoAccounts);
    const countBefore = await accountCount();
    assertError(await start(c.csr, startBody(account.premise.id)), 409,
      { reason: 'SERVICE_ACTIVE_AT_PREMISE', field: 'services' });
    const existing = startBody(account.premise.id, { customer_id: account.customer.id });
    delete existing.customer;
    assertError(await preview(c.csr, existing), 409, { reason: 'SERVICE_ACTIVE_AT_PREMISE', field: 'services' });
    assert.equal(await accountCount(), countBefore);
    assert.deepEqual(await lifecycle(account.id), []);
  });

  it('a cancelled turn-on order cannot be completed; a turn-on reading below the meter is held and does not activate', async () => {
    const first = await vacantPremiseWithMeter(2000);
    const started = assertStatus(await start(c.csr, startBody(first.premiseId)), 201);
    const order = started.turn_on_order;
    assertStatus(await c.csr.post(`/api/v1/service-orders/${order.id}/cancel`, { reason: 'Customer changed plans' }), 200);
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, turnOnCompletion(2010)), 422,
      { reason: 'ORDER_CANCELLED' });
    assert.equal(assertStatus(await c.csr.get(`/api/v1/accounts/${started.account.id}`), 200).status, 'pending');
    const [request] = await lifecycle(started.account.id);
    assert.equal(request.reading_id, null, 'the refused completion recorded a reading');

    // Stopping an account that was never turned on bills nothing and ends it.
    const ended = assertStatus(await c.csr.post(`/api/v1/accounts/${started.account.id}/stop`, { stop_on: today }), 201);
    assert.equal(ended.final_read_order, null);
    assert.equal(ended.final_bill.bill_id, null);
    assert.ok(['final', 'closed'].includes(ended.final_bill.status), ended.final_bill.status);
    const history = await lifecycle(started.account.id);
    assert.deepEqual(history.map((r) => [r.kind, r.status]), [['stop', 'completed'], ['start', 'cancelled']]);

    // A turn-on reading lower than the meter's last reading goes to the exceptions queue: the
    // order is done, the reading is held, and the account waits for the reading to be resolved.
    const second = await vacantPremiseWithMeter(3000);
    const other = assertStatus(await start(c.csr, startBody(second.premiseId, { window: 'afternoon' })), 201);
    const low = assertStatus(await c.field.post(`/api/v1/service-orders/${other.turn_on_order.id}/complete`,
      turnOnCompletion(2500)), 200);
    assert.equal(low.status, 'completed');
    assert.equal(low.reading_outcome.reading.status, 'held');
    assert.equal(low.reading_outcome.exception.kind, 'lower_than_previous');
    const queue = assertStatus(await c.field.get('/api/v1/reading-exceptions?status=open&page_size=100'), 200);
    assert.ok(queue.data.some((e) => e.id === low.held_exception_id), 'the held reading is not in the queue');
    assert.equal(assertStatus(await c.csr.get(`/api/v1/accounts/${other.account.id}`), 200).status, 'pending');
    assert.equal((await lifecycle(other.account.id))[0].status, 'open');
  });

  it('stops an active account: the final read posts the final bill to the stop date and applies the deposit', async () => {
    const { account, nextReading } = await activeDemoAccount(usedDemoAccounts);
    const depositPath = `/api/v1/accounts/${account.id}/deposit`;
    const set = assertStatus(await c.csr.request('PUT', depositPath, { json: { tenure: 'renter' } }), 200);
    assertStatus(await c.csr.post(`${depositPath}/paid`, {}), 200);
    const held = cents(assertStatus(await c.csr.get(depositPath), 200).held);
    assert.equal(held, cents(set.required));
    assert.ok(held > 0);
    const stopped = assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/stop`,
      { stop_on: today, window: 'any', forwarding_address: { line1: 'PO Box 77', line2: '', city: 'Norman', state: 'OK', postal_code: '73069' } }), 201);
    assert.ok(stopped.final_read_order, JSON.stringify(stopped));
    // The final bill goes to the forwarding address.
    const forwarded = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}`), 200);
    assert.equal(forwarded.mailing_address.line1, 'PO Box 77', JSON.stringify(forwarded.mailing_address));
    assert.equal(forwarded.mailing_address.city, 'Norman');
    const read = assertStatus(await c.field.post(`/api/v1/service-orders/${stopped.final_read_order.id}/complete`,
      { reading: nextReading }), 200);
    assert.equal(read.reading_outcome.reading.status, 'ready', JSON.stringify(read.reading_outcome));
    const [stopRequest] = await lifecycle(account.id);
    assert.equal(stopRequest.status, 'completed');
    assert.equal(stopRequest.reading_id, read.reading_id);
    assert.match(String(stopRequest.final_bill_id), /^bill_\d+$/);
    const bill = assertStatus(await c.csr.get(`/api/v1/bills/${stopRequest.final_bill_id}`), 200);
    assert.equal(bill.account_id, account.id);
    // The period runs from the day after the last bill in whole months reaching the stop date;
    // the charges are prorated to the stop date against the month's full length.
    assert.match(bill.period_start, DATE);
    assert.ok(bill.period_start <= today && bill.period_end >= today, `${bill.period_start}..${bill.period_end}`);
    assert.ok(cents(bill.current_charges) > 0);
    const after = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}`), 200);
    assert.ok(['final', 'closed'].includes(after.status), after.status);
    assert.equal(after.mailing_address.line1, 'PO Box 77');
    const deposit = assertStatus(await c.csr.get(depositPath), 200);
    const applied = deposit.events.find((e) => e.kind === 'applied');
    assert.ok(applied, JSON.stringify(deposit.events));
    assert.ok(cents(applied.amount) >= held, 'the deposit is applied with its interest');
    assert.equal(cents(deposit.held), 0);
    // The final bill is posted once; the account cannot be stopped again.
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/final-bill`, {}), 422, { reason: 'NO_STOP_REQUESTED' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/stop`, { stop_on: today }), 422, { reason: 'ACCOUNT_NOT_ACTIVE' });
  });

  it('a held final reading waits; once accepted, POST final-bill posts the final bill', async () => {
    const { account, lastReading } = await activeDemoAccount(usedDemoAccounts);
    const stopped = assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/stop`, { stop_on: today }), 201);
    const read = assertStatus(await c.field.post(`/api/v1/service-orders/${stopped.final_read_order.id}/complete`,
      { reading: Math.max(0, lastReading.value - 100) }), 200);
    assert.equal(read.reading_outcome.reading.status, 'held');
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/final-bill`, {}), 422, { reason: 'NO_FINAL_READING' });
    assertStatus(await c.field.post(`/api/v1/reading-exceptions/${read.held_exception_id}/resolve`,
      { action: 'edit', value: lastReading.value + 300, reason: 'Misread dial' }), 200);
    const requests = await lifecycle(account.id);
    let finalBill;
    if (requests[0].status === 'completed') {
      // Resolving the exception drove the lifecycle already.
      finalBill = requests[0].final_bill_id;
    } else {
      const result = assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/final-bill`, {}), 201);
      assert.match(result.bill_id, /^bill_\d+$/);
      cents(result.current_charges, 'current_charges');
      cents(result.total_due, 'total_due');
      cents(result.balance_after, 'balance_after');
      assert.ok(['final', 'closed'].includes(result.status), result.status);
      finalBill = result.bill_id;
      assert.equal((await lifecycle(account.id))[0].final_bill_id, finalBill);
    }
    assertStatus(await c.csr.get(`/api/v1/bills/${finalBill}`), 200);
  });

  it('transfers a customer to another premise in one step', async () => {
    const { account, nextReading } = await activeDemoAccount(usedDemoAccounts);
    const { premiseId, meter } = await vacantPremiseWithMeter(500);
    const countBefore = await accountCount();

    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/transfer`,
      { to_premise_id: account.premise.id, stop_on: today, start_window: 'morning' }), 400,
    { reason: 'SAME_PREMISE', field: 'to_premise_id' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/transfer`,
      { to_premise_id: premiseId, stop_on: today, start_on: addDays(today, -1), start_window: 'morning' }), 400,
    { reason: 'START_BEFORE_STOP', field: 'start_on' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/transfer`,
      { to_premise_id: premiseId, stop_on: today, start_window: 'noon' }), 400, { field: 'start_window' });
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/transfer`, { stop_on: today }), 400,
      { field: 'to_premise_id' });
    assert.equal(await accountCount(), countBefore, 'a refused transfer wrote an account');
    assert.deepEqual(await lifecycle(account.id), [], 'a refused transfer wrote a request');

    const moved = assertStatus(await c.csr.post(`/api/v1/accounts/${account.id}/transfer`,
      { to_premise_id: premiseId, stop_on: today, start_window: 'afternoon', remarks: 'Transfer' }), 201);
    const { stopped, started } = moved;
    assert.equal(stopped.request.kind, 'stop');
    assert.equal(stopped.request.account_id, account.id);
    assert.equal(stopped.final_read_order.type, 'final_read');
    assert.equal(started.request.kind, 'start');
    assert.equal(started.account.customer.id, account.customer.id);
    assert.equal(started.account.premise.id, premiseId);
    assert.equal(started.account.status, 'pending');
    assert.equal(started.request.requested_on, addDays(today, 1));
    assert.equal(started.request.fee_code, 'transfer');
    assert.equal(started.turn_on_order.window, 'afternoon');
    assert.equal(started.turn_on_order.meter_serial, meter.serial);
    assert.equal(stopped.request.paired_request_id, started.request.id);
    assert.equal(stopped.request.paired_account_id, started.account.id);
    assert.equal(started.request.paired_request_id, stopped.request.id);
    assert.equal(started.request.paired_account_id, account.id);
    assert.ok(moved.deposit_carried === null || Number.isInteger(moved.deposit_carried.cents));
    assert.equal(await accountCount(), countBefore + 1);
    const [stopRequest] = await lifecycle(account.id);
    assert.equal(stopRequest.paired_account_number, started.account.account_number);

    // The old premise's final read posts its final bill.
    assertStatus(await c.field.post(`/api/v1/service-orders/${stopped.final_read_order.id}/complete`,
      { reading: nextReading }), 200);
    const [afterRead] = await lifecycle(account.id);
    assert.equal(afterRead.status, 'completed');
    assert.match(String(afterRead.final_bill_id), /^bill_\d+$/);
  });

  it('auditors read the lifecycle but cannot start, stop, transfer or post a final bill', async () => {
    const { account } = await activeDemoAccount(usedDemoAccounts);
    const { premiseId } = await vacantPremiseWithMeter();
    const countBefore = await accountCount();
    assertError(await preview(c.auditor, startBody(premiseId)), 403);
    assertError(await start(c.auditor, startBody(premiseId)), 403);
    assertError(await c.auditor.post(`/api/v1/accounts/${account.id}/stop`, { stop_on: today }), 403);
    assertError(await c.auditor.post(`/api/v1/accounts/${account.id}/transfer`,
      { to_premise_id: premiseId, stop_on: today, start_window: 'morning' }), 403);
    assertError(await c.auditor.post(`/api/v1/accounts/${account.id}/final-bill`, {}), 403);
    assert.deepEqual(assertStatus(await c.auditor.get(`/api/v1/accounts/${account.id}/lifecycle`), 200).data, []);
    // Signed out, or without the CSRF token, nothing is written either.
    assertError(await c.csr.post(`/api/v1/accounts/${account.id}/stop`, { stop_on: today }, { csrf: false }), 403,
      { reason: 'CSRF_TOKEN_INVALID' });
    assertError(await c.csr.post('/api/v1/service-starts', startBody(premiseId), { cookie: false }), 401);
    assertError(await c.csr.get('/api/v1/accounts/acct_99999999/lifecycle'), 404);
    assertError(await c.csr.get('/api/v1/accounts/so_1/lifecycle'), 400, { field: 'account_id' });
    assert.equal(await accountCount(), countBefore);
    assert.deepEqual(await lifecycle(account.id), []);
  });

  it('a start or stop retried with its Idempotency-Key is done once; a key is required', async () => {
    const { premiseId } = await vacantPremiseWithMeter(3000);
    const countBefore = await accountCount();
    assertError(await c.csr.post('/api/v1/service-starts', startBody(premiseId), { noKey: true }), 400,
      { reason: 'IDEMPOTENCY_KEY_REQUIRED', field: 'Idempotency-Key' });
    const options = withKey();
    const body = startBody(premiseId);
    const started = assertStatus(await start(c.csr, body, options), 201);
    const again = await c.csr.post('/api/v1/service-starts', body, options);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.account.id, started.account.id);
    assert.equal(again.body.turn_on_order.id, started.turn_on_order.id);
    assert.equal(await accountCount(), countBefore + 1);
    // The same key for another request is refused.
    assertError(await c.csr.post('/api/v1/service-starts', { ...body, remarks: 'other' }, options),
      409, { reason: 'IDEMPOTENCY_KEY_REUSED' });

    const stopKey = withKey();
    const stopped = assertStatus(await c.csr.post(`/api/v1/accounts/${started.account.id}/stop`,
      { stop_on: today }, stopKey), 201);
    const stoppedAgain = await c.csr.post(`/api/v1/accounts/${started.account.id}/stop`, { stop_on: today }, stopKey);
    assert.equal(stoppedAgain.status, 201);
    assert.equal(stoppedAgain.headers.get('idempotent-replayed'), 'true');
    assert.equal(stoppedAgain.body.request.id, stopped.request.id);
    assert.equal((await lifecycle(started.account.id)).filter((r) => r.kind === 'stop').length, 1);
  });

  it('leaves the ledger balanced after every start, stop and transfer', () => {
    const check = spawnSync(BIN, ['ledger', 'check', '--db', server.db], { encoding: 'utf8' });
    assert.equal(check.status, 0, `ledger check failed:\n${check.stdout}\n${check.stderr}`);
  });
});
