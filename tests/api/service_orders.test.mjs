// Service orders through the HTTP API: create (turn on with its window, final read, re-read from
// the readings exceptions queue, investigate), dispatch, complete with a reading, cancel, the
// queue's filters, the daily list by route (JSON and PDF), the account's orders, permissions per
// role, the audit log, and every refusal writing nothing (docs/api.md, "Service orders";
// src/app/service_orders.h states the rules).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show,
  referenceRoute, newAccount, uniqueWord, cityToday, addDays, DATE,
} from './harness.mjs';

describe('service orders', () => {
  let server;
  const c = {};
  let today;
  let route;

  // A new account on `route` with one new meter set 20 days ago at `initial`.
  async function accountWithMeter(initial = 5000, sequence = 1) {
    const account = await newAccount(c.csr, route);
    const serial = `SO-${uniqueWord('m').toUpperCase()}`;
    const meter = assertStatus(await c.field.post(`/api/v1/accounts/${account.id}/meters`,
      { serial, size: '5/8', route_sequence: sequence, set_on: addDays(today, -20), initial_reading: initial }), 201);
    return { account, meter };
  }

  const create = (client, body) => client.post('/api/v1/service-orders', body);
  const turnOn = (account, extra = {}) => ({
    type: 'turn_on', account_id: account.id, requested_on: today, window: 'morning',
    remarks: 'Call on arrival', ...extra,
  });

  before(async () => {
    server = await startServer({ accounts: 40, seed: 3 });
    for (const role of ['csr', 'supervisor', 'finance', 'field', 'auditor']) {
      c[role] = await signedIn(server, role);
    }
    today = cityToday();
    const reference = await referenceRoute(c.csr);
    route = { route: reference.route, cycle: reference.cycle };
  });

  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('creates a turn-on with its window, dispatches it and completes it with the reading and the waiver', async () => {
    const { account, meter } = await accountWithMeter(5000, 3);
    const order = assertStatus(await create(c.csr, turnOn(account)), 201);
    assert.match(order.id, /^so_\d+$/);
    assert.equal(order.type, 'turn_on');
    assert.equal(order.status, 'open');
    assert.equal(order.window, 'morning');
    assert.equal(order.window_label, '8-10 AM');
    assert.equal(order.account_id, account.id);
    assert.equal(order.meter_id, meter.id);
    assert.equal(order.meter_serial, meter.serial);
    assert.equal(order.route, route.route);
    assert.equal(order.route_sequence, 3);
    assert.equal(order.requested_on, today);
    assert.match(order.requested_on, DATE);

    const dispatched = assertStatus(await c.field.post(`/api/v1/service-orders/${order.id}/dispatch`, { assigned_to: 'Crew 2' }), 200);
    assert.equal(dispatched.status, 'dispatched');
    assert.equal(dispatched.assigned_to, 'Crew 2');

    // Refusals write nothing.
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, { reading: 5010, present_person: 'Pat' }),
      400, { reason: 'WAIVER_REQUIRED', field: 'waiver_signed' });
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, { present_person: 'Pat', waiver_signed: true }),
      400, { reason: 'READING_REQUIRED', field: 'reading' });
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, { reading: 5010, waiver_signed: true }),
      400, { reason: 'PERSON_REQUIRED', field: 'present_person' });
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, { reading: 5010, colour: 'red' }),
      400, { field: 'colour' });
    assert.equal(assertStatus(await c.csr.get(`/api/v1/service-orders/${order.id}`), 200).status, 'dispatched');

    const done = assertStatus(await c.field.post(`/api/v1/service-orders/${order.id}/complete`,
      { reading: 5010, worked_by: 'R12', present_person: 'Pat Doe', waiver_signed: true, remarks: 'On at 9:10' }), 200);
    assert.equal(done.status, 'completed');
    assert.equal(done.reading, 5010);
    assert.match(done.reading_id, /^rdg_\d+$/);
    assert.equal(done.reading_outcome.reading.status, 'ready');
    assert.equal(done.reading_outcome.reading.kind, 'actual');
    assert.equal(done.reading_outcome.reading.source, `service_order:${order.id}`);
    assert.equal(done.present_person, 'Pat Doe');
    assert.equal(done.waiver_signed, true);
    assert.equal(done.completed_on, today);
    assert.equal(done.held_exception_id, null);
    // The reading is on the meter.
    const metering = assertStatus(await c.csr.get(`/api/v1/accounts/${account.id}/metering`), 200);
    assert.equal(metering.meters[0].readings[0].id, done.reading_id);

    // A completed order is final.
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/complete`,
      { reading: 5020, present_person: 'Pat', waiver_signed: true }), 422, { reason: 'ORDER_COMPLETED' });
    assertError(await c.csr.post(`/api/v1/service-orders/${order.id}/cancel`, { reason: 'no' }), 422, { reason: 'ORDER_COMPLETED' });

    // Every write is audited on the account.
    const history = assertStatus(await c.supervisor.get(`/api/v1/accounts/${account.id}/history?page_size=50`), 200);
    const actions = history.data.map((e) => e.action);
    for (const action of ['service_order.create', 'service_order.dispatch', 'service_order.complete']) {
      assert.ok(actions.includes(action), `${action} missing from ${actions.join(', ')}`);
    }
  });

  it('refuses a bad order naming the field', async () => {
    const { account, meter } = await accountWithMeter();
    assertError(await create(c.csr, turnOn(account, { requested_on: addDays(today, -1) })), 400,
      { reason: 'DATE_IN_PAST', field: 'requested_on' });
    assertError(await create(c.csr, turnOn(account, { window: 'any' })), 400, { reason: 'WINDOW_REQUIRED', field: 'window' });
    assertError(await create(c.csr, turnOn(account, { window: undefined })), 400, { reason: 'WINDOW_REQUIRED', field: 'window' });
    assertError(await create(c.csr, turnOn(account, { window: 'evening' })), 400, { field: 'window' });
    assertError(await create(c.csr, turnOn(account, { type: 'turn-on' })), 400, { reason: 'TYPE_UNKNOWN', field: 'type' });
    assertError(await create(c.csr, turnOn(account, { account_id: 'acct_99999999' })), 400, { reason: 'ACCOUNT_UNKNOWN', field: 'account_id' });
    assertError(await create(c.csr, turnOn(account, { account_id: undefined, premise_id: 'prem_99999999' })), 400,
      { reason: 'PREMISE_UNKNOWN', field: 'premise_id' });
    assertError(await create(c.csr, turnOn(account, { meter_id: 'mtr_99999999' })), 400, { reason: 'METER_UNKNOWN', field: 'meter_id' });
    assertError(await create(c.csr, turnOn(account, { meter_id: meter.serial })), 400, { field: 'meter_id' });
    assertError(await create(c.csr, { type: 'reread', account_id: account.id, requested_on: today }), 400,
      { reason: 'FIELD_REQUIRED', field: 'reading_exception_id' });
    assertError(await create(c.csr, turnOn(account, { priority: 'high' })), 400, { field: 'priority' });
    const listed = assertStatus(await c.csr.get(`/api/v1/service-orders?account_id=${account.id}`), 200);
    assert.equal(listed.data.length, 0, 'a refused order was written');
  });

  it('a final read lower than the previous reading completes the order and holds the reading in the exceptions queue', async () => {
    const { account } = await accountWithMeter(5000);
    const order = assertStatus(await create(c.csr, { type: 'final_read', account_id: account.id, requested_on: today }), 201);
    assert.equal(order.window, 'any');
    const done = assertStatus(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, { reading: 4000 }), 200);
    assert.equal(done.status, 'completed');
    assert.equal(done.reading_outcome.reading.status, 'held');
    assert.equal(done.reading_outcome.exception.kind, 'lower_than_previous');
    assert.equal(done.held_exception_id, done.reading_outcome.exception.id);
  });

  it('a re-read request creates a re-read order; completing it resolves the exception', async () => {
    const { account, meter } = await accountWithMeter(5000);
    const low = assertStatus(await c.field.post('/api/v1/readings',
      { meter_serial: meter.serial, read_on: addDays(today, -10), value: 4000 }), 201);
    const exceptionId = low.exception.id;
    // Not waiting for a re-read yet.
    assertError(await create(c.csr, { type: 'reread', reading_exception_id: exceptionId, requested_on: today }), 422,
      { reason: 'EXCEPTION_NOT_AWAITING_REREAD', field: 'reading_exception_id' });
    assertStatus(await c.field.post(`/api/v1/reading-exceptions/${exceptionId}/resolve`, { action: 'reread' }), 200);
    const orders = assertStatus(await c.csr.get(`/api/v1/service-orders?type=reread&account_id=${account.id}`), 200).data;
    assert.equal(orders.length, 1, JSON.stringify(orders));
    const order = orders[0];
    assert.equal(order.reading_exception_id, exceptionId);
    assert.equal(order.status, 'open');
    assert.equal(order.meter_serial, meter.serial);
    assertError(await create(c.csr, { type: 'reread', reading_exception_id: exceptionId, requested_on: today }), 409,
      { reason: 'REREAD_ORDER_EXISTS' });
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, {}), 400, { reason: 'READING_REQUIRED' });
    const done = assertStatus(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, { reading: 5150 }), 200);
    assert.equal(done.reading_outcome.reading.status, 'ready');
    const received = assertStatus(await c.field.get('/api/v1/reading-exceptions?status=reread_received&page_size=100'), 200);
    assert.ok(received.data.some((e) => e.id === exceptionId), 'the re-read did not resolve the exception');
  });

  it('cancels with a reason; a cancelled order cannot be completed or dispatched', async () => {
    const { account } = await accountWithMeter();
    const order = assertStatus(await create(c.csr, { type: 'investigate', account_id: account.id, requested_on: addDays(today, 3),
      remarks: 'High bill complaint' }), 201);
    assertError(await c.csr.post(`/api/v1/service-orders/${order.id}/cancel`, { reason: ' ' }), 400, { reason: 'REASON_REQUIRED', field: 'reason' });
    assertError(await c.csr.post(`/api/v1/service-orders/${order.id}/cancel`, {}), 400, { field: 'reason' });
    const cancelled = assertStatus(await c.csr.post(`/api/v1/service-orders/${order.id}/cancel`, { reason: 'Customer called back' }), 200);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.cancel_reason, 'Customer called back');
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/complete`, { reading: 1 }), 422, { reason: 'ORDER_CANCELLED' });
    assertError(await c.field.post(`/api/v1/service-orders/${order.id}/dispatch`, { assigned_to: 'Crew 1' }), 422, { reason: 'ORDER_CANCELLED' });
  });

  it('filters the queue and lists the day by route in route sequence, as JSON and PDF', async () => {
    const day = addDays(today, 5);
    const late = await accountWithMeter(100, 9);
    const early = await accountWithMeter(200, 2);
    const a = assertStatus(await create(c.csr, turnOn(late.account, { requested_on: day, window: 'afternoon' })), 201);
    const b = assertStatus(await create(c.csr, turnOn(early.account, { requested_on: day })), 201);
    const queue = assertStatus(await c.csr.get(`/api/v1/service-orders?date=${day}&status=open&type=turn_on&route=${route.route}`), 200);
    const ids = queue.data.map((o) => o.id);
    assert.ok(ids.includes(a.id) && ids.includes(b.id), JSON.stringify(ids));
    assert.ok(queue.data.every((o) => o.requested_on === day && o.status === 'open' && o.type === 'turn_on'));
    assertError(await c.csr.get('/api/v1/service-orders?status=done'), 400, { field: 'status' });
    assertError(await c.csr.get('/api/v1/service-orders?date=tomorrow'), 400, { field: 'date' });

    const daily = assertStatus(await c.field.get(`/api/v1/service-order-lists/${day}?route=${route.route}`), 200);
    assert.equal(daily.date, day);
    assert.equal(daily.routes.length, 1);
    const onRoute = daily.routes[0].orders.map((o) => o.id);
    assert.ok(onRoute.indexOf(b.id) < onRoute.indexOf(a.id), 'route sequence 2 should come before 9');
    assert.equal(daily.routes[0].orders.find((o) => o.id === b.id).last_reading.value, 200);

    const pdf = await c.field.get(`/api/v1/service-order-lists/${day}/pdf?route=${route.route}`);
    assert.equal(pdf.status, 200, show(pdf));
    assert.match(pdf.headers.get('content-type') || '', /^application\/pdf/);
    assert.ok(pdf.text.startsWith('%PDF'));
    assertError(await c.field.get(`/api/v1/service-order-lists/${day}?route=NOPE`), 400, { reason: 'ROUTE_UNKNOWN', field: 'route' });
  });

  it('finance and auditors read orders but cannot write them', async () => {
    const { account } = await accountWithMeter();
    const order = assertStatus(await create(c.supervisor, turnOn(account, { window: 'afternoon' })), 201);
    for (const role of ['finance', 'auditor']) {
      assertStatus(await c[role].get(`/api/v1/service-orders/${order.id}`), 200);
      assertError(await create(c[role], turnOn(account)), 403);
      assertError(await c[role].post(`/api/v1/service-orders/${order.id}/cancel`, { reason: 'x' }), 403);
    }
    assertError(await c.csr.get('/api/v1/service-orders/so_99999999'), 404, { reason: 'SERVICE_ORDER_NOT_FOUND' });
    assertError(await c.csr.get('/api/v1/service-orders/acct_1'), 400, { field: 'service_order_id' });
  });
});
