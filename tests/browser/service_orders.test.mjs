// Browser test of the console's service orders against a real `cistern serve` (see harness.mjs):
// a CSR creates a turn-on from the queue page (the window is required), dispatches it, completes
// it with the reading, the person present and the signed waiver, cancels another with a reason,
// opens the daily list PDF, and sees the orders on the account page.
// Screenshots: build/screenshots/so*.png
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, withConsole } from './harness.mjs';

function todayIn(timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

test('web console: service order queue, create, dispatch, complete, cancel, daily list', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn }) => {
    const api = await apiSession(base, 'csr');
    const reference = await api.get('/api/v1/reference-data');
    const today = todayIn(reference.city.time_zone);
    // An active account with exactly one meter set now, and its last reading.
    let target = null;
    const summaries = (await api.get('/api/v1/accounts?page_size=100')).data;
    for (const summary of summaries) {
      if (summary.status !== 'active') continue;
      const metering = await api.get(`/api/v1/accounts/${summary.id}/metering`);
      const current = metering.meters.filter((m) => !m.removed_on);
      if (current.length !== 1 || current[0].readings.length === 0) continue;
      target = { ...summary, meter: current[0] };
      break;
    }
    assert.ok(target, 'an active account with one meter');
    const lastValue = target.meter.readings.find((r) => r.status === 'ready')?.value ?? 0;
    const modulus = 10 ** target.meter.dials;

    await step('csr opens the queue from the top bar and creates a turn-on with a morning window', async () => {
      await page.goto(base + '/');
      await signIn('csr');
      await page.locator('#global-search').waitFor();
      await page.getByRole('link', { name: 'Service orders' }).click();
      await page.locator('#new-order').waitFor();
      await page.locator('#order-type').selectOption('turn_on');
      await page.locator('#order-account').fill(target.account_number);
      await page.locator('#order-window').selectOption('any');
      await page.locator('#order-create').click();
      await page.locator('#order-error').waitFor();
      assert.match(await page.locator('#order-error').innerText(), /morning|window/i, 'a turn-on needs a window');
      await page.locator('#order-window').selectOption('morning');
      await page.locator('#order-remarks').fill('Tenant moving in; call first');
      await page.locator('#order-create').click();
      await page.locator('#order-created').waitFor();
      assert.match(await page.locator('#order-created').innerText(), /Turn on/);
      await page.locator('#orders tbody tr[data-status="open"]').first().waitFor();
      await shot('so01-queue');
    });

    const orders = (await api.get(`/api/v1/service-orders?account_id=${target.id}`)).data;
    assert.equal(orders.length, 1, 'one order for the account');
    const order = orders[0];
    assert.equal(order.type, 'turn_on');
    assert.equal(order.window, 'morning');
    const row = () => page.locator(`#orders tr[data-id="${order.id}"]`);

    await step('dispatch to a crew, then complete with the reading and the signed waiver', async () => {
      await row().getByRole('button', { name: 'Dispatch' }).click();
      await page.locator(`#so-${order.id}-dispatch-first`).fill('Crew 2');
      // The inline form's own button (the queue holds the demo's move-ins too, each with one).
      await page.locator('.row-form').getByRole('button', { name: 'Dispatch' }).click();
      await page.locator(`#orders tr[data-id="${order.id}"][data-status="dispatched"]`).waitFor();
      await row().getByRole('button', { name: 'Complete' }).click();
      await page.locator(`#so-${order.id}-complete-first`).fill(String((lastValue + 12) % modulus));
      await page.locator(`#so-${order.id}-person`).fill('Pat Doe');
      await page.getByRole('button', { name: 'Complete order' }).click();
      await page.locator('.row-form .form-error').waitFor();
      assert.match(await page.locator('.row-form .form-error').innerText(), /waiver/i);
      await page.locator(`#so-${order.id}-waiver`).check();
      await shot('so02-complete-form');
      await page.getByRole('button', { name: 'Complete order' }).click();
      await page.locator(`#orders tr[data-id="${order.id}"][data-status="completed"]`).waitFor();
      const done = await api.get(`/api/v1/service-orders/${order.id}`);
      assert.equal(done.status, 'completed');
      assert.equal(done.present_person, 'Pat Doe');
      assert.equal(done.waiver_signed, true);
      assert.equal(done.reading, (lastValue + 12) % modulus);
      assert.ok(done.reading_id);
    });

    await step('cancel an investigation with a reason', async () => {
      const created = await api.post('/api/v1/service-orders', {
        type: 'investigate', account_id: target.id, requested_on: today, remarks: 'Leak reported at the curb',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      await page.getByRole('button', { name: 'Refresh' }).click();
      const investigate = page.locator(`#orders tr[data-id="${created.body.id}"]`);
      await investigate.getByRole('button', { name: 'Cancel' }).click();
      await page.locator(`#so-${created.body.id}-cancel-first`).fill('Customer fixed it');
      await page.getByRole('button', { name: 'Cancel order' }).click();
      await page.locator('#filter-status').selectOption('all');
      await page.locator(`#orders tr[data-id="${created.body.id}"][data-status="cancelled"]`).waitFor();
      await shot('so03-queue-all');
    });

    await step('the daily list link opens a PDF for the date and route', async () => {
      await page.locator('#list-date').fill(today);
      const link = await page.locator('#daily-list-pdf').getAttribute('href');
      assert.match(link, new RegExp(`/api/v1/service-order-lists/${today}/pdf`));
      const pdf = await page.evaluate(async (target) => {
        const r = await fetch(target, { credentials: 'same-origin' });
        const bytes = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 5)) };
      }, link);
      assert.equal(pdf.status, 200);
      assert.match(pdf.type, /application\/pdf/);
      assert.equal(pdf.magic, '%PDF-');
    });

    await step('the account page lists the account\'s service orders', async () => {
      await page.goto(`${base}/#/accounts/${target.id}`);
      await page.locator('#service-orders tbody tr').first().waitFor();
      assert.equal(await page.locator('#service-orders tbody tr').count(), 2);
      await page.locator('#service-orders').scrollIntoViewIfNeeded();
      await shot('so04-account-orders');
    });
  });
});
