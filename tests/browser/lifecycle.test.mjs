// Browser test of start, stop and transfer service against a real `cistern serve` (see
// harness.mjs). The story of a move: a CSR stops service on an active account through the account
// page's Stop service form (last day today, a forwarding address for the final bill); then starts
// service for a new customer at that premise through the Start service page (first day
// tomorrow), reading the services with the rules that chose their rate classes, the deposit with
// its reasons and the turn-on order, and lands on the new pending account with its turn-on order
// and an open start in the service history; then transfers another active customer to a premise
// whose customer is moving out, and lands on the new account.
// Screenshots: build/screenshots/lc*.png
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { apiSession, screenshotDir, withConsole } from './harness.mjs';

/** A screenshot of one panel, as it shows on the page. */
const panelShot = (locator, name) => locator.screenshot({ path: path.join(screenshotDir, `${name}.png`) });

/** The city's today (America/Chicago for the demo city) as YYYY-MM-DD. */
function cityToday(timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(civil, days) {
  const [y, m, d] = civil.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

test('web console: stop service, start service for a new customer, transfer service', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn }) => {
    const api = await apiSession(base, 'csr');
    const reference = await api.get('/api/v1/reference-data');
    const today = cityToday(reference.city.time_zone);
    const tomorrow = addDays(today, 1);

    // Active single-family accounts inside the city with a meter at the premise: a move out
    // there leaves a premise with a meter to turn on for the next customer.
    const summaries = (await api.get('/api/v1/accounts?page_size=100')).data;
    const candidates = [];
    for (const summary of summaries) {
      if (summary.status !== 'active') continue;
      const detail = await api.get(`/api/v1/accounts/${summary.id}`);
      if (detail.premise.premise_type !== 'single_family' || !detail.premise.inside_city_limits) continue;
      const metering = await api.get(`/api/v1/accounts/${summary.id}/metering`);
      if (!metering.meters.some((m) => !m.removed_on)) continue;
      candidates.push(summary);
      if (candidates.length === 3) break;
    }
    assert.equal(candidates.length, 3, 'three active single-family accounts with a meter');
    const [movingOut, leaving, mover] = candidates;

    await step('Stop service on an active account through the form', async () => {
      await page.goto(base + '/');
      await signIn('csr');
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${movingOut.id}`);
      await page.locator('.account-head .badge-status', { hasText: 'Active' }).waitFor();
      await page.locator('#stop-service-button').click();
      const dialog = page.locator('#stop-service');
      await dialog.locator('#f-stop_on').waitFor();
      assert.equal(await dialog.locator('#f-stop_on').inputValue(), today, 'the last day defaults to today');
      await page.waitForFunction(() => document.activeElement?.id === 'f-stop_on');
      await dialog.locator('#f-forwarding_address').check();
      await dialog.locator('#f-forwarding_address-line1').fill('88 Elm Ct');
      await dialog.locator('#f-forwarding_address-postal_code').fill('73160');
      await dialog.locator('#f-remarks').fill('Key under the mat');
      await shot('lc01-stop-form', { fullPage: false });
      await dialog.locator('button[type="submit"]').click();
      await dialog.locator('.done-view').waitFor();
      const done = await dialog.innerText();
      assert.match(done, /Stop requested/);
      assert.match(done, /Final read/);
      await shot('lc02-stop-done', { fullPage: false });
      await dialog.getByRole('button', { name: 'Done' }).click();
      const row = page.locator('#service-history tbody tr[data-kind="stop"]');
      await row.waitFor();
      assert.equal(await row.getAttribute('data-status'), 'open');
      assert.match(await row.innerText(), /Final read/i);
      const lifecycle = await api.get(`/api/v1/accounts/${movingOut.id}/lifecycle`);
      const stop = lifecycle.data.find((r) => r.kind === 'stop');
      assert.ok(stop, 'the stop is recorded');
      assert.equal(stop.requested_on, today);
      assert.ok(stop.order_id, 'with its final-read order');
      // A second stop is not offered; the page says one is asked for.
      await page.locator('#stop-requested').waitFor();
      assert.equal(await page.locator('#stop-service-button').count(), 0);
      assert.equal(await page.locator('#transfer-service-button').count(), 0);
      await panelShot(page.locator('#service-history'), 'lc03-stopped-history');
    });

    await step('the Start service page shows the rules, the deposit and its reasons for a new customer', async () => {
      await page.getByRole('link', { name: 'Start service' }).first().click();
      await page.locator('#f-customer-first_name').waitFor();
      assert.match(page.url(), /#\/start$/);

      // Where: the premise the customer just moved out of, found by that account's number.
      const where = page.locator('#f-premise_id');
      await where.fill(movingOut.account_number);
      await page.locator('#f-premise_id-results [role="option"]').first().waitFor();
      await where.press('Enter');
      const street = movingOut.service_address.split(',')[0];
      await page.locator('.lookup-picked', { hasText: street }).waitFor();

      // Who: a new person.
      await page.locator('#f-customer-first_name').fill('Marisol');
      await page.locator('#f-customer-last_name').fill('Quintero');
      await page.locator('#f-customer-phones-0-number').fill('405-555-0142');
      await page.locator('#f-customer-emails-0').fill('marisol.quintero@example.com');
      await page.locator('#f-customer-mailing_address-line1').fill(street);
      await page.locator('#f-customer-mailing_address-postal_code').fill('73160');

      // The first day defaults to the city's tomorrow; morning is the default window.
      assert.equal(await page.locator('#f-requested_on').inputValue(), tomorrow);
      assert.equal(await page.locator('#f-window').isChecked(), true);

      // The preview: services with their rate classes and the rules that chose them.
      const review = page.locator('.start-review');
      await review.locator('.deposit-amount').waitFor();
      await page.locator('.services-choice tr[data-service="water"]').waitFor();
      const services = await page.locator('.services-choice tbody').innerText();
      assert.match(services, /chosen by rule \d+: Single-family water/);
      assert.match(services, /chosen by rule \d+: Residential sanitation/);
      assert.equal(await page.locator('.services-choice tbody tr').count(), 4, 'water, sewer, sanitation, stormwater');
      assert.equal(await page.locator('#f-units-sanitation').count(), 1, 'sanitation carts are editable');
      const reasons = await review.locator('.deposit-reasons li').allInnerTexts();
      assert.ok(reasons.length >= 1, 'the deposit lists its reasons');
      assert.ok(reasons.some((r) => /renter/i.test(r)), `a renter reason: ${reasons.join(' | ')}`);
      const text = await review.innerText();
      assert.match(text, /New service/i, 'the new service fee');
      assert.match(text, /Order for .*morning, 8–10 AM/, 'a turn-on order in the morning window');
      await shot('lc04-start-preview');
    });

    await step('a missing last name is refused beside its field; sanitation gets 2 carts', async () => {
      await page.locator('#f-customer-last_name').fill('');
      await page.getByRole('button', { name: 'Start service' }).click();
      await page.locator('#f-customer-last_name-error').waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'f-customer-last_name');
      await shot('lc05-start-refused', { fullPage: false });
      await page.locator('#f-customer-last_name').fill('Quintero');
      await page.locator('#f-units-sanitation').fill('2');
      // Wait for the preview of the new inputs (2 carts) before starting.
      await page.locator('.review-services', { hasText: '2 carts' }).waitFor();
      await page.waitForFunction(
        () =>
          !document.querySelector('.start-review .review.stale') &&
          document.querySelector('.start-review')?.getAttribute('aria-busy') === 'false',
      );
    });

    await step('Start service opens the new pending account with its turn-on order', async () => {
      await page.getByRole('button', { name: 'Start service' }).click();
      await page.waitForURL((url) => /#\/accounts\/acct_\d+$/.test(url.hash) && !url.hash.endsWith(`/${movingOut.id}`));
      const id = /acct_\d+/.exec(page.url())[0];
      const started = await api.get(`/api/v1/accounts/${id}`);
      assert.equal(started.status, 'pending');
      assert.equal(started.customer.display_name, 'Marisol Quintero');
      assert.equal(started.premise.id, movingOut.premise_id);
      await page.locator('.account-head .badge-status', { hasText: 'Pending' }).waitFor();
      await page.locator('#service-orders tbody tr', { hasText: /Turn on/ }).waitFor();
      const row = page.locator('#service-history tbody tr[data-kind="start"]');
      await row.waitFor();
      assert.equal(await row.getAttribute('data-status'), 'open');
      assert.match(await row.innerText(), /Turn on/);
      const lifecycle = await api.get(`/api/v1/accounts/${id}/lifecycle`);
      assert.equal(lifecycle.data[0].kind, 'start');
      assert.equal(lifecycle.data[0].requested_on, tomorrow);
      assert.ok(lifecycle.data[0].order_id, 'the start has its turn-on order');
      const metering = await api.get(`/api/v1/accounts/${id}/metering`);
      assert.equal(metering.services.find((s) => s.service === 'sanitation')?.units, 2, 'two carts');
      await shot('lc06-started-account', { fullPage: false });
      await panelShot(page.locator('#service-history'), 'lc06b-started-history');
    });

    await step('a final read held for review: Post final bill explains, the accepted reading posts it', async () => {
      // The crew reads the meter lower than its last reading: the reading waits for review, the
      // order is completed and the stop stays open without its final bill.
      const lifecycle = await api.get(`/api/v1/accounts/${movingOut.id}/lifecycle`);
      const stop = lifecycle.data.find((r) => r.kind === 'stop');
      const completed = await api.post(`/api/v1/service-orders/${stop.order_id}/complete`, {
        reading: 1,
        completed_on: today,
        worked_by: 'Felix Ortega',
      });
      assert.equal(completed.status, 200, JSON.stringify(completed.body));
      assert.ok(completed.body.held_exception_id, 'the reading is held');
      await page.goto(`${base}/#/accounts/${movingOut.id}`);
      const row = page.locator('#service-history tbody tr[data-kind="stop"]');
      const post = row.getByRole('button', { name: 'Post final bill' });
      await post.waitFor();
      assert.match(await row.innerText(), /Reading held for review/);
      await post.click();
      const refusal = page.locator('#service-history [role="alert"]');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /exceptions queue/);
      await panelShot(page.locator('#service-history'), 'lc07-final-bill-held');
      // Accepting the reading posts the final bill.
      const accepted = await api.post(`/api/v1/reading-exceptions/${completed.body.held_exception_id}/resolve`, {
        action: 'accept',
      });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      await page.reload();
      await row.getByRole('link', { name: 'Final bill' }).waitFor();
      assert.equal(await row.getAttribute('data-status'), 'completed');
      await page.locator('.account-head .badge-status', { hasText: /Final|Closed/ }).waitFor();
    });

    await step('Transfer service moves a customer to a premise being vacated', async () => {
      // The customer at `leaving` moves out today (through the API).
      const stopped = await api.post(`/api/v1/accounts/${leaving.id}/stop`, { stop_on: today },
        { 'Idempotency-Key': randomUUID() });
      assert.equal(stopped.status, 201, JSON.stringify(stopped.body));
      await page.goto(`${base}/#/accounts/${mover.id}`);
      await page.locator('#transfer-service-button').click();
      const dialog = page.locator('#transfer-service');
      await dialog.locator('#f-to_premise_id').fill(leaving.account_number);
      await dialog.locator('#f-to_premise_id-results [role="option"]').first().waitFor();
      await dialog.locator('#f-to_premise_id').press('Enter');
      await dialog.locator('.services-choice tr[data-service="water"]').waitFor();
      assert.equal(await dialog.locator('#f-stop_on').inputValue(), today);
      assert.equal(await dialog.locator('#f-start_on').inputValue(), tomorrow, 'the first day there follows the last day here');
      assert.match(await dialog.locator('.services-choice').innerText(), /chosen by rule \d+: Single-family water/);
      await shot('lc08-transfer-form', { fullPage: false });
      await dialog.getByRole('button', { name: 'Transfer service' }).click();
      await page.waitForURL((url) => /#\/accounts\/acct_\d+$/.test(url.hash) && !url.hash.endsWith(`/${mover.id}`));
      const id = /acct_\d+/.exec(page.url())[0];
      const moved = await api.get(`/api/v1/accounts/${id}`);
      assert.equal(moved.premise.id, leaving.premise_id);
      assert.equal(moved.customer.id, mover.customer_id);
      const row = page.locator('#service-history tbody tr[data-kind="start"]');
      await row.waitFor();
      assert.ok((await row.innerText()).includes(mover.account_number), 'the start names the account it came from');
      await panelShot(page.locator('#service-history'), 'lc09-transferred-history');
      // The old account: its stop, paired with the new account.
      const old = await api.get(`/api/v1/accounts/${mover.id}/lifecycle`);
      const stop = old.data.find((r) => r.kind === 'stop');
      assert.equal(stop?.paired_account_id, id, 'the stop names the new account');
    });
  });
});
