// Browser test of the console's billing screens against a real `cistern serve` (see harness.mjs):
// a supervisor reads an account's services, meters, 13-month usage chart and bills, enters a
// reading, opens a bill (its PDF answers application/pdf) and cancels and rebills it, accepts a
// reading exception and imports a route file in the readings queue, previews, approves and posts
// a billing run with its progress bar, and prices a bill with the rate quote tool.
// Screenshots: build/screenshots/b*.png
//
// The demo city has meters, 13 months of readings and bills and the rates loaded. Should it ever
// come without rates, the test loads config/rates/moore.toml into the served database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiSession, cisternBin, repoRoot, withConsole } from './harness.mjs';

/** The database file of the `cistern serve` this process started (from /proc), or null. */
function servedDatabase() {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('--db');
      if (args.includes('serve') && at !== -1) return args[at + 1];
    } catch {
      // the process ended meanwhile
    }
  }
  return null;
}

/** Today in a time zone as YYYY-MM-DD (the city's day decides what "after today" means). */
function todayIn(timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The last day of the month after the one `civil` falls in. */
function endOfNextMonth(civil) {
  const [y, m] = civil.split('-').map(Number);
  return new Date(Date.UTC(y, m + 1, 0)).toISOString().slice(0, 10);
}

function addDays(civil, days) {
  const [y, m, d] = civil.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

async function allAccounts(api) {
  const accounts = [];
  let token = '';
  do {
    const page = await api.get(`/api/v1/accounts?page_size=100${token ? `&page_token=${token}` : ''}`);
    accounts.push(...page.data);
    token = page.next_page_token ?? '';
  } while (token);
  return accounts;
}

/** A plausible next register value: the last reading plus the last step between two readings. */
function nextValue(meter) {
  const readings = [...meter.readings].sort((a, b) => (a.read_on < b.read_on ? 1 : -1));
  const last = readings[0]?.value ?? 0;
  const before = readings[1]?.value ?? last;
  const modulus = 10 ** meter.dials;
  const step = ((last - before) % modulus + modulus) % modulus || 1;
  return (last + step) % modulus;
}

/** Whether each element's text (its selected option for a select, else its placeholder) fits inside it. */
async function textFits(locator) {
  return locator.evaluateAll((elements) => {
    const canvas = document.createElement('canvas').getContext('2d');
    return elements.map((el) => {
      const style = getComputedStyle(el);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = el instanceof HTMLSelectElement ? el.options[el.selectedIndex]?.text ?? '' : el.placeholder;
      // a select also draws its arrow (about 20 px) inside its padding box
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - (el instanceof HTMLSelectElement ? 20 : 0);
      return { id: el.id, text, width: Math.ceil(canvas.measureText(text).width), room: Math.floor(room) };
    });
  });
}

/** Fetches a URL inside the page (with its session) and reports status, type and first bytes. */
async function fetchInPage(page, url) {
  return page.evaluate(async (target) => {
    const r = await fetch(target, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 5)) };
  }, url);
}

test('web console: services and meters, bills, readings queue, billing run, rate quote', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn }) => {
    const api = await apiSession(base, 'supervisor');
    const reference = await api.get('/api/v1/reference-data');
    const today = todayIn(reference.city.time_zone);

    const rates = await api.get('/api/v1/rates');
    if (rates.current_services.length === 0) {
      const db = servedDatabase();
      assert.ok(db, 'found the served database to load the rates into');
      await promisify(execFile)(cisternBin, ['rates', 'load', path.join(repoRoot, 'config/rates/moore.toml'), '--db', db], {
        cwd: repoRoot,
        timeout: 30_000,
      });
    }

    // Every account with its cycle and metering, once.
    const accounts = [];
    for (const summary of await allAccounts(api)) {
      const account = await api.get(`/api/v1/accounts/${summary.id}`);
      const metering = await api.get(`/api/v1/accounts/${summary.id}/metering`);
      accounts.push({ ...summary, cycle: account.premise.cycle, route: account.premise.route, metering });
    }
    // The cycle to bill: the one with the most metered accounts; the account page shows an
    // account of another cycle, so that its new reading stays out of the run.
    const counts = {};
    for (const a of accounts) if (a.metering.meters.length) counts[a.cycle] = (counts[a.cycle] ?? 0) + 1;
    const runCycle = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0];
    assert.ok(runCycle, 'the demo city has metered accounts');
    const shown = accounts.find(
      (a) => a.status === 'active' && !a.confidential && a.cycle !== runCycle && a.metering.meters.some((m) => !m.removed_on) && a.metering.usage.length >= 13,
    );
    assert.ok(shown, 'an account with 13 months of bills outside the cycle to bill');

    await step('supervisor signs in; the account page shows services, meters, the usage chart and bills', async () => {
      await page.goto(base + '/');
      await signIn('supervisor');
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${shown.id}`);
      await page.locator('#services-table').waitFor();
      const services = await page.locator('#services-table tbody tr').count();
      assert.equal(services, shown.metering.services.length, 'one row a service');
      const meter = shown.metering.meters.find((m) => !m.removed_on);
      await page.locator(`.meter[data-meter="${meter.serial}"]`).waitFor();
      assert.ok((await page.locator(`.meter[data-meter="${meter.serial}"] .readings-table tbody tr`).count()) >= 1, 'latest readings');
      await page.locator('#usage svg').waitFor();
      assert.equal(await page.locator('#usage rect.bar').count(), 13, 'thirteen monthly bars');
      assert.equal(await page.locator('#usage rect.bar-current').count(), 1, 'the current month is highlighted');
      await page.locator('#bills tbody tr').first().waitFor();
      const bills = await api.get(`/api/v1/accounts/${shown.id}/bills?page_size=24`);
      assert.equal(await page.locator('#bills tbody tr').count(), bills.data.length);
      // On the account page the highlighted bar is the latest bill, not "this bill".
      const legend = await page.locator('#usage .usage-legend').innerText();
      assert.match(legend, /Latest bill/);
      assert.doesNotMatch(legend, /This bill/);
      // The supervisor's top bar has the most links; the search box still shows its whole placeholder.
      for (const field of await textFits(page.locator('#global-search'))) {
        assert.ok(field.width <= field.room, `search placeholder "${field.text}" (${field.width}px) fits in ${field.room}px`);
      }
      await page.locator('#metering').scrollIntoViewIfNeeded();
      await shot('b01-account-metering');
    });

    await step('the usage chart leaves an empty slot for a month without a bill and hatches estimated months', async () => {
      // The demo bills every month; the answer is edited in flight to drop one month and mark two
      // (the latest among them) as estimated.
      const usage = [...shown.metering.usage].sort((a, b) => (a.period_end < b.period_end ? -1 : 1)).slice(-13);
      const dropped = usage[usage.length - 4];
      const estimated = [usage[usage.length - 1].period_end, usage[usage.length - 6].period_end];
      const pattern = `**/api/v1/accounts/${shown.id}/metering`;
      await page.route(pattern, async (route) => {
        const response = await route.fetch();
        const json = await response.json();
        json.usage = json.usage
          .filter((u) => u.period_end !== dropped.period_end)
          .map((u) => (estimated.includes(u.period_end) ? { ...u, estimated: true } : u));
        await route.fulfill({ response, json });
      });
      try {
        await page.reload();
        await page.locator('#usage svg').waitFor();
        const labels = await page.locator('#usage text.month-label').evaluateAll((nodes) =>
          nodes.map((n) => ({ x: Number(n.getAttribute('x')), text: n.textContent.trim(), gap: n.classList.contains('month-gap') })).sort((a, b) => a.x - b.x),
        );
        assert.equal(labels.length, 13, 'thirteen month slots');
        // The thirteen calendar months ending with the newest bill's, and those left without a bill.
        const [y, m] = usage[usage.length - 1].period_end.split('-').map(Number);
        const months = Array.from({ length: 13 }, (_, i) => new Date(Date.UTC(y, m - 13 + i, 1)));
        const short = (date) => date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
        const billed = new Set(usage.filter((u) => u !== dropped).map((u) => u.period_end.slice(0, 7)));
        assert.deepEqual(labels.map((l) => l.text), months.map(short), 'one slot a calendar month, in order');
        const inWindow = months.filter((d) => billed.has(d.toISOString().slice(0, 7))).length;
        assert.equal(await page.locator('#usage rect.bar').count(), inWindow, 'a bar a billed month');
        assert.deepEqual(
          labels.filter((l) => l.gap).map((l) => l.text),
          months.filter((d) => !billed.has(d.toISOString().slice(0, 7))).map(short),
          'a month without a bill is an empty slot',
        );
        assert.ok(labels.some((l) => l.gap && l.text === short(new Date(dropped.period_end + 'T00:00:00Z'))));
        const fills = await page.locator('#usage rect.bar-estimated').evaluateAll((nodes) => nodes.map((n) => getComputedStyle(n).fill));
        assert.equal(fills.length, 2);
        for (const fill of fills) assert.match(fill, /url\(/, 'an estimated bar is drawn with the hatch pattern');
        await page.locator('#usage').screenshot({ path: path.join(repoRoot, 'build/screenshots/b01b-usage-gap-estimated.png') });
      } finally {
        await page.unroute(pattern);
      }
      await page.reload();
      await page.locator('#usage svg').waitFor();
    });

    await step('"Enter reading" records a reading for the preselected meter and shows the outcome', async () => {
      const meter = shown.metering.meters.find((m) => !m.removed_on);
      assert.equal(await page.locator('#f-meter_serial').inputValue(), meter.serial, 'the meter is preselected');
      await page.locator('#f-read_on').fill(today);
      await page.locator('#f-value').fill(String(nextValue(meter)));
      await page.locator('#f-value').press('Enter');
      await page.locator('#reading-outcome .alert').waitFor();
      const metering = await api.get(`/api/v1/accounts/${shown.id}/metering`);
      const entered = metering.meters.find((m) => m.id === meter.id).readings.find((r) => r.read_on === today);
      assert.ok(entered, 'the reading was saved');
      const outcome = await page.locator('#reading-outcome .alert').innerText();
      assert.match(outcome, entered.status === 'held' ? /Held for review/ : /Ready to bill/);
      await page.locator(`.meter[data-meter="${meter.serial}"] .readings-table tbody tr`).first().filter({ hasText: String(entered.value).replace(/\B(?=(\d{3})+(?!\d))/g, ',') }).waitFor();
      await page.locator('#metering').screenshot({ path: path.join(repoRoot, 'build/screenshots/b02-reading-entered.png') });
    });

    let bill;
    await step('a bill opens from the list: header, readings, charges by service, summary; the PDF link answers a PDF', async () => {
      await page.locator('#bills tbody tr a.mono').first().click();
      await page.locator('#charges-table').waitFor();
      const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
      bill = await api.get(`/api/v1/bills/${id}`);
      assert.equal((await page.locator('#bill-number').innerText()).trim(), bill.number);
      assert.equal((await page.locator('#bill-total').innerText()).trim(), bill.total_due.text);
      assert.equal(await page.locator('#charges-table tbody tr:not(.charge-service)').count(), bill.lines.length, 'every charge line');
      // Quantities read as decimals, even one the API sends as an exact fraction: the first line
      // with a quantity is given 2783/600 in flight (4.638333...), shown to three decimals.
      const pattern = `**/api/v1/bills/${encodeURIComponent(bill.id)}`;
      const edited = bill.lines.findIndex((l) => l.quantity !== null);
      assert.ok(edited >= 0, 'a line with a quantity');
      await page.route(pattern, async (route) => {
        const response = await route.fetch();
        const json = await response.json();
        json.lines[edited] = { ...json.lines[edited], quantity: '2783/600' };
        await route.fulfill({ response, json });
      });
      try {
        await page.reload();
        await page.locator('#charges-table').waitFor();
        const quantities = await page.locator('#charges-table tbody tr:not(.charge-service) td:nth-child(2)').allInnerTexts();
        assert.ok(quantities.some((q) => q.startsWith('4.638 ')), `no 4.638: ${quantities.join(' | ')}`);
        assert.ok(quantities.every((q) => !q.includes('/')), `a quantity shown as a fraction: ${quantities.join(' | ')}`);
      } finally {
        await page.unroute(pattern);
        await page.reload();
        await page.locator('#charges-table').waitFor();
      }
      assert.equal(await page.locator('#bill-readings tbody tr').count(), bill.readings.length);
      assert.ok((await page.locator('#bill-usage rect.bar').count()) >= 1, 'the usage chart');
      const link = await page.locator('#bill-pdf').getAttribute('href');
      assert.equal(link, `/api/v1/bills/${bill.id}/pdf`);
      const pdf = await fetchInPage(page, link);
      assert.equal(pdf.status, 200);
      assert.match(pdf.type ?? '', /^application\/pdf/);
      assert.equal(pdf.magic, '%PDF-');
      await shot('b03-bill-view');
    });

    await step('"Cancel and rebill" with a reason posts a corrected bill that replaces the old one', async () => {
      await page.locator('#rebill-open').click();
      await page.locator('#rebill').waitFor();
      await page.locator('#f-reason').fill('Customer reported a misread meter');
      await shot('b04-rebill-dialog', { fullPage: false });
      await page.locator('#rebill button[type="submit"]').click();
      await page.locator('#rebill').waitFor({ state: 'detached' });
      await page.waitForFunction((old) => !location.hash.endsWith(old), bill.id);
      await page.locator('.bill-badges .badge-corrected').waitFor();
      const old = await api.get(`/api/v1/bills/${bill.id}`);
      assert.equal(old.status, 'cancelled');
      assert.equal(old.cancel_reason, 'Customer reported a misread meter');
      await page.goto(`${base}/#/bills/${bill.id}`);
      await page.locator('#bill-cancelled').waitFor();
      assert.match(await page.locator('#bill-status').innerText(), /Cancelled/i);
      await page.locator('#bill-cancelled a').waitFor();
      assert.equal(await page.locator('#rebill-open').count(), 0, 'a cancelled bill offers no rebill');
    });

    await step('a corrected reading far above the usual is billed only once the supervisor confirms it', async () => {
      const newest = (await api.get(`/api/v1/accounts/${bill.account_id}/bills?page_size=1`)).data[0];
      const current = await api.get(`/api/v1/bills/${newest.id}`);
      const reading = current.readings[0];
      const leak = reading.previous_value + 200000;
      assert.ok(leak < 10 ** 6, `a leak reading ${leak} fits the dials`);
      await page.goto(`${base}/#/bills/${newest.id}`);
      await page.locator('#rebill-open:not([disabled])').click();
      await page.locator('#f-reason').fill('Leak found by the field');
      await page.locator(`#rebill input[inputmode="numeric"]`).first().fill(String(leak));
      await page.locator('#rebill button[type="submit"]').click();
      await page.locator('#rebill-confirm-high').waitFor();
      assert.match(await page.locator('#rebill').innerText(), /Confirm the usage/);
      assert.equal((await api.get(`/api/v1/bills/${newest.id}`)).status, 'posted', 'nothing billed before the confirmation');
      await shot('b04d-rebill-confirm-high', { fullPage: false });
      await page.locator('#rebill-confirm-high input').check();
      await page.locator('#rebill button[type="submit"]').click();
      await page.locator('#rebill').waitFor({ state: 'detached' });
      assert.equal((await api.get(`/api/v1/bills/${newest.id}`)).status, 'cancelled');
    });

    await step('"Cancel and rebill" is offered only on the newest bill; the Bills panel fits its badges', async () => {
      // Rebill the corrected bill again: its row then carries both Cancelled and Corrected.
      const first = (await api.get(`/api/v1/accounts/${shown.id}/bills?page_size=24`)).data[0];
      await page.goto(`${base}/#/bills/${first.id}`);
      await page.locator('#rebill-open:not([disabled])').click();
      await page.locator('#f-reason').fill('Second look at the meter');
      await page.locator('#rebill button[type="submit"]').click();
      await page.locator('#rebill').waitFor({ state: 'detached' });
      await page.waitForFunction((old) => !location.hash.endsWith(old), first.id);
      const bills = (await api.get(`/api/v1/accounts/${shown.id}/bills?page_size=24`)).data;
      const older = bills.find((b) => b.status === 'posted' && b.id !== bills[0].id);
      assert.ok(older, 'an older posted bill');
      await page.goto(`${base}/#/bills/${older.id}`);
      await page.locator('#rebill-open').waitFor();
      assert.ok(await page.locator('#rebill-open').isDisabled(), 'an older bill cannot be rebilled');
      assert.match(await page.locator('#rebill-open').getAttribute('title'), /newest bill/);
      assert.match(await page.locator('#rebill-why').innerText(), new RegExp(bills[0].number));
      await shot('b04b-older-bill');
      await page.goto(`${base}/#/accounts/${shown.id}`);
      await page.locator('#bills tbody tr .badge-cancelled').first().waitFor();
      const fit = await page.locator('#bills').evaluate((panel) => {
        const table = panel.querySelector('table');
        return { table: table.getBoundingClientRect().right, panel: panel.querySelector('.panel-body').getBoundingClientRect().right, page: document.documentElement.scrollWidth };
      });
      assert.ok(fit.table <= fit.panel + 0.5, `the bills table (right edge ${fit.table}) stays inside its panel (${fit.panel})`);
      assert.ok(fit.page <= 1366, `the page does not scroll sideways (${fit.page}px)`);
      await page.locator('#bills').screenshot({ path: path.join(repoRoot, 'build/screenshots/b04c-bills-badges.png') });
    });

    await step('the readings queue: Accept, Edit and Re-read keep the row\'s account, show the saved reading, count down and name the re-read order', async () => {
      // Three held readings (no usage since the last reading) on accounts outside the cycle to bill.
      const targets = [];
      const spare = accounts.filter(
        (x) => x.status === 'active' && x.cycle !== runCycle && x.id !== shown.id && x.metering.meters.some((m) => !m.removed_on),
      );
      for (const a of spare) {
        if (targets.length >= 3) break;
        const m = a.metering.meters.find((x) => !x.removed_on);
        const last = [...m.readings].sort((x, y) => (x.read_on < y.read_on ? 1 : -1))[0];
        if (!last || last.read_on >= today) continue;
        const made = await api.post('/api/v1/readings', { meter_serial: m.serial, read_on: today, value: last.value });
        if (made.status === 201 && made.body.exception) targets.push(made.body.exception);
      }
      assert.equal(targets.length, 3, 'three held readings to resolve');
      const [toAccept, toEdit, toReread] = targets;
      const editMeter = accounts.flatMap((a) => a.metering.meters).find((m) => m.id === toEdit.meter_id);
      const corrected = nextValue(editMeter);

      // The answer to a resolve may lack the account number and address (and still carry the
      // reading as read): the row must keep what it showed. The answer is blanked in flight here so
      // the console is checked whatever the server sends.
      const pattern = '**/api/v1/reading-exceptions/*/resolve';
      await page.route(pattern, async (route) => {
        const response = await route.fetch();
        const json = await response.json();
        const original = targets.find((e) => e.id === json.id);
        await route.fulfill({ response, json: { ...json, account_number: '', service_address: '', value: original ? original.value : json.value } });
      });
      try {
        await page.getByRole('link', { name: 'Readings' }).click();
        await page.locator(`tr[data-id="${toReread.id}"]`).waitFor();
        const count = async () => Number(/^(\d+)/.exec(await page.locator('#exception-count').innerText())?.[1]);
        const before = await count();
        await shot('b05-readings-queue');
        const accountCell = (id) => page.locator(`tr[data-id="${id}"] td`).nth(2);
        const cellBefore = {};
        for (const e of targets) {
          cellBefore[e.id] = await accountCell(e.id).innerText();
          assert.match(cellBefore[e.id], /\d{6,}\s+\S/, 'the row shows the account number and address');
        }

        await page.locator(`tr[data-id="${toAccept.id}"]`).getByRole('button', { name: 'Accept' }).click();
        await page.locator(`tr[data-id="${toAccept.id}"] .badge-status`).filter({ hasText: 'Accepted' }).waitFor();
        assert.equal(await accountCell(toAccept.id).innerText(), cellBefore[toAccept.id], 'the accepted row keeps its account and address');
        assert.equal(await count(), before - 1, 'the open count goes down at once');

        await page.locator(`tr[data-id="${toEdit.id}"]`).getByRole('button', { name: 'Edit…' }).click();
        await page.locator(`[id="rex-${toEdit.id}-value"]`).fill(String(corrected));
        await page.locator(`[id="rex-${toEdit.id}-reason"]`).fill('Reader misread a dial');
        await page.locator(`[id="rex-${toEdit.id}-reason"]`).press('Enter');
        await page.locator(`tr[data-id="${toEdit.id}"] .badge-status`).filter({ hasText: 'Edited' }).waitFor();
        assert.equal(await accountCell(toEdit.id).innerText(), cellBefore[toEdit.id], 'the edited row keeps its account and address');
        assert.equal(
          (await page.locator(`tr[data-id="${toEdit.id}"] td`).nth(4).innerText()).trim(),
          corrected.toLocaleString('en-US'),
          'the edited row shows the saved reading',
        );
        assert.equal(await count(), before - 2);

        await page.locator(`tr[data-id="${toReread.id}"]`).getByRole('button', { name: 'Re-read' }).click();
        await page.locator(`tr[data-id="${toReread.id}"] .reread-order a`).waitFor();
        const orders = (await api.get('/api/v1/service-orders?type=reread&status=live&page_size=100')).data;
        const order = orders.find((o) => o.reading_exception_id === toReread.id);
        assert.ok(order, 'the re-read made a service order');
        assert.equal(
          (await page.locator(`tr[data-id="${toReread.id}"] .reread-order`).innerText()).trim(),
          `Re-read requested: service order ${order.number}`,
        );
        assert.equal(await accountCell(toReread.id).innerText(), cellBefore[toReread.id], 'the re-read row keeps its account and address');
        assert.equal(await count(), before - 3);
        await shot('b05b-readings-resolved');
      } finally {
        await page.unroute(pattern);
      }
      const all = (await api.get('/api/v1/reading-exceptions?status=all&page_size=100')).data;
      assert.equal(all.find((e) => e.id === toAccept.id).status, 'accepted');
      assert.equal(all.find((e) => e.id === toEdit.id).status, 'edited');
      assert.equal(all.find((e) => e.id === toReread.id).status, 'reread_requested');
    });

    // The period to bill: the month after the cycle's last posted run, read today.
    const runs = (await api.get('/api/v1/billing-runs?page_size=100')).data;
    const lastEnd = runs.filter((r) => r.cycle === runCycle && r.status === 'posted').map((r) => r.period_end).sort().at(-1);
    assert.ok(lastEnd, `cycle ${runCycle} has been billed before`);
    const periodEnd = endOfNextMonth(lastEnd);
    const billDate = periodEnd > today ? addDays(periodEnd, 1) : today;

    // One account of the run's cycle is read one unit below its last reading: held for review, so
    // the run posts without it and bills it once the reading is corrected.
    let heldAccount = null;
    let heldMeter = null;
    await step('"Import route file" reads a CSV and shows the counts', async () => {
      const rows = ['route,sequence,meter_serial,read_date,reading,read_code,reader'];
      for (const a of accounts.filter((x) => x.cycle === runCycle)) {
        for (const m of a.metering.meters.filter((x) => !x.removed_on)) {
          const last = [...m.readings].sort((x, y) => (x.read_on < y.read_on ? 1 : -1))[0]?.value ?? 0;
          const misread = !heldAccount && a.metering.meters.length === 1 && last > 100;
          if (misread) [heldAccount, heldMeter] = [a, m];
          rows.push(`${a.route},${m.route_sequence},${m.serial},${today},${misread ? last - 1 : nextValue(m)},,T1`);
        }
      }
      assert.ok(heldAccount, 'an account to misread');
      await page.locator('#import-file').setInputFiles({
        name: `route-cycle-${runCycle}.csv`,
        mimeType: 'text/csv',
        buffer: Buffer.from(rows.join('\n') + '\n'),
      });
      await page.locator('#import').getByRole('button', { name: 'Import' }).click();
      await page.locator('#import-result .import-counts').waitFor();
      const text = await page.locator('#import-result').innerText();
      assert.match(text, /Imported route-cycle/);
      assert.match(text, new RegExp(`Lines\\s+${rows.length - 1}`));
      await shot('b06-readings-imported');
    });

    await step('the missing readings of a partial route file are sent for re-reads together', async () => {
      // A route of another cycle, read for one meter only: the rest are raised as missing.
      const byRoute = new Map();
      for (const a of accounts.filter((x) => x.cycle !== runCycle)) {
        for (const m of a.metering.meters.filter((x) => !x.removed_on)) {
          if (!byRoute.has(a.route)) byRoute.set(a.route, []);
          byRoute.get(a.route).push({ a, m });
        }
      }
      const [route, meters] = [...byRoute.entries()].sort((x, y) => y[1].length - x[1].length)[0];
      assert.ok(meters.length >= 3, `route ${route} has ${meters.length} meters`);
      const { a, m } = meters[0];
      const csv = ['route,sequence,meter_serial,read_date,reading,read_code,reader',
        `${route},${m.route_sequence},${m.serial},${today},${nextValue(m)},,T2`].join('\n');
      const imported = await api.post('/api/v1/reading-imports', { file_name: `partial-${route}.csv`, csv });
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      assert.equal(imported.body.missing, meters.length - 1, JSON.stringify(imported.body));
      await page.goto(`${base}/#/readings?route=${route}`);
      await page.locator('#bulk-reread').click();
      await page.locator('#bulk-confirm').waitFor();
      assert.match(await page.locator('#bulk-confirm').innerText(), /Request re-reads for all \d+ missing readings shown\?/);
      await page.locator('#bulk-confirm-yes').click();
      await page.locator('#bulk-report').filter({ hasText: 're-reads requested' }).waitFor();
      await shot('b06b-bulk-rereads');
      const after = (await api.get(`/api/v1/reading-exceptions?route=${route}&status=all&page_size=100`)).data
        .filter((e) => e.kind === 'missing' && e.source === `import:partial-${route}.csv`);
      assert.equal(after.length, meters.length - 1);
      assert.ok(after.every((e) => e.status === 'reread_requested'), JSON.stringify(after.map((e) => e.status)));
      assert.ok(a, 'the read account');
    });

    let runId;
    await step('a new billing run previews: totals, charges by service, exceptions', async () => {
      await page.getByRole('link', { name: 'Billing' }).click();
      await page.locator('#new-run').waitFor();
      await page.locator('#runs tbody tr').first().waitFor();
      await shot('b07-billing-runs');
      await page.locator('#f-cycle').selectOption(runCycle);
      await page.locator('#f-period_end').fill(periodEnd);
      await page.locator('#f-bill_date').fill(billDate);
      await page.locator('#new-run').getByRole('button', { name: 'Preview run' }).click();
      await page.locator('#run-totals').waitFor();
      runId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
      const run = await api.get(`/api/v1/billing-runs/${runId}`);
      assert.equal(run.status, 'previewed');
      assert.ok(run.summary.billable > 0, 'the imported readings make bills');
      assert.equal((await page.locator('#run-billable').innerText()).trim(), String(run.summary.billable));
      assert.match(await page.locator('#run-status').innerText(), /Previewed/);
      assert.equal(await page.locator('#run-services tbody tr').count(), run.summary.charges_by_service.length);
      assert.equal(await page.locator('#run-exceptions tbody tr').count(), run.summary.exceptions.length);
      await shot('b08-run-preview');
    });

    await step('Re-preview, Approve, then Post shows progress until the run is posted; the run PDF answers', async () => {
      await page.locator('#run-preview').click();
      await page.locator('#run-approve:not([disabled])').waitFor();
      await page.locator('#run-approve').click();
      await page.locator('#run-status').filter({ hasText: 'Approved' }).waitFor();
      await page.locator('#run-post').click();
      await page.locator('#posting .progress').waitFor();
      await page.locator('#run-status').filter({ hasText: 'Posted' }).waitFor({ timeout: 60_000 });
      await page.locator('#posting.posting-done').waitFor();
      await page.waitForTimeout(400); // the bar's width eases to 100% before the screenshot
      assert.equal(await page.locator('#posting [role="progressbar"]').getAttribute('aria-valuenow'), '100');
      const run = await api.get(`/api/v1/billing-runs/${runId}`);
      assert.equal(run.status, 'posted');
      assert.ok(run.bills_posted > 0);
      // The posted run still shows its charges by service, from its bills.
      assert.ok(run.posted.charges_by_service.length > 0);
      await page.reload();
      await page.locator('#run-services tbody tr').first().waitFor();
      assert.equal(await page.locator('#run-services tbody tr').count(), run.posted.charges_by_service.length);
      const total = run.posted.charges_by_service.reduce((sum, s) => sum + s.amount.cents, 0);
      assert.equal(total, run.preview.current_charges.cents, 'the services add up to the run');
      await shot('b09-run-posted');
      const pdf = await fetchInPage(page, await page.locator('#run-pdf').getAttribute('href'));
      assert.equal(pdf.status, 200);
      assert.match(pdf.type ?? '', /^application\/pdf/);
      assert.equal(pdf.magic, '%PDF-');
    });

    await step('a posted run bills an account fixed since it posted: "Bill 1 account fixed since"', async () => {
      const posted = await api.get(`/api/v1/billing-runs/${runId}?summary=false`);
      const open = (await api.get(`/api/v1/reading-exceptions?route=${heldAccount.route}&page_size=100`)).data;
      const held = open.find((e) => e.account_id === heldAccount.id && e.read_on === today);
      assert.ok(held, 'the misread reading is held');
      const fixed = await api.post(`/api/v1/reading-exceptions/${held.id}/resolve`, { action: 'edit', value: nextValue(heldMeter), reason: 'Misread by one' });
      assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
      await page.reload();
      const button = page.locator('#run-post-fixed');
      await button.waitFor();
      assert.match(await button.innerText(), /^Bill 1 account fixed since$/);
      assert.equal((await page.locator('#run-fixed-since').innerText()).trim(), '1');
      await shot('b09a-run-fixed-since');
      await button.click();
      await page.locator('#run-post-fixed').waitFor({ state: 'detached', timeout: 60_000 });
      const after = await api.get(`/api/v1/billing-runs/${runId}?summary=false`);
      assert.equal(after.bills_posted, posted.bills_posted + 1);
      const bills = await api.get(`/api/v1/accounts/${heldAccount.id}/bills?page_size=1`);
      assert.equal(bills.data[0].run_id, runId, 'the account has its bill from the run');
    });

    await step('approving or posting a run that bills no one asks first', async () => {
      // A run for another cycle's next month: nothing read for it, so every account is held.
      let empty = null;
      for (const cycle of reference.cycles.map((c) => c.code).filter((c) => c !== runCycle)) {
        const end = (await api.get('/api/v1/billing-runs?page_size=100')).data
          .filter((r) => r.cycle === cycle && r.status !== 'discarded')
          .map((r) => r.period_end)
          .sort()
          .at(-1);
        if (!end) continue;
        const next = endOfNextMonth(end);
        const made = await api.post('/api/v1/billing-runs', { cycle, period_end: next, bill_date: next > today ? addDays(next, 1) : today });
        if (made.status !== 201) continue;
        if (made.body.summary.billable === 0) {
          empty = made.body;
          break;
        }
        await api.post(`/api/v1/billing-runs/${made.body.id}/discard`, {});
      }
      assert.ok(empty, 'a run that bills no one');
      await page.goto(`${base}/#/billing/${empty.id}`);
      await page.locator('#run-approve').click();
      const confirm = page.locator('#run-empty-confirm');
      await confirm.waitFor();
      assert.match(
        await confirm.innerText(),
        new RegExp(`This run bills no one: ${empty.summary.blocked.toLocaleString('en-US')} accounts? (are|is) held by exceptions.*Approve it anyway\\?`),
      );
      await shot('b09b-empty-run-confirm', { fullPage: false });
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      assert.equal((await api.get(`/api/v1/billing-runs/${empty.id}?summary=false`)).status, 'previewed', 'nothing approved without the confirmation');
      await page.locator('#run-approve').click();
      await page.locator('#run-empty-confirm-yes').click();
      await page.locator('#run-status').filter({ hasText: 'Approved' }).waitFor();
      await page.locator('#run-post').click();
      await confirm.waitFor();
      assert.match(await confirm.innerText(), /Post it anyway\?/);
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      assert.equal((await api.get(`/api/v1/billing-runs/${empty.id}?summary=false`)).status, 'approved', 'nothing posted without the confirmation');
      await page.locator('#run-discard').click();
      await page.locator('#run-discard-confirm').click();
      await page.locator('#run-status').filter({ hasText: 'Discarded' }).waitFor();
    });

    await step('the rate quote tool shows the itemized lines and the total', async () => {
      await page.getByRole('link', { name: 'Rate quote' }).first().click();
      await page.locator('#quote-services').waitFor();
      // Every service the rates price here starts ticked (stormwater too), and each select shows
      // its whole choice.
      const boxes = await page.locator('#quote-services input[type="checkbox"]').evaluateAll((nodes) => nodes.map((n) => [n.id, n.checked]));
      assert.ok(boxes.length >= 1);
      for (const [id, checked] of boxes) assert.ok(checked, `${id} is ticked by default`);
      for (const select of await textFits(page.locator('#quote-services select'))) {
        assert.ok(select.width <= select.room, `${select.id}: "${select.text}" (${select.width}px) fits in ${select.room}px`);
      }
      await page.locator('#f-water_usage_gallons').fill('6000');
      await page.locator('#f-winter_average_gallons').fill('5000');
      await page.locator('#quote-submit').click();
      await page.locator('#quote-lines').waitFor();
      const lines = await page.locator('#quote-lines tr.quote-line').count();
      assert.ok(lines >= 3, `itemized lines (${lines})`);
      const total = (await page.locator('#quote-total').innerText()).trim();
      assert.match(total, /^\$\d[\d,]*\.\d\d$/);
      await shot('b10-rate-quote');
      // A field error takes the old quote away: it no longer answers what the form says.
      const units = page.locator('#quote-services input.units-input:not([disabled])').first();
      await units.fill('0');
      await page.locator('#quote-submit').click();
      await page.locator('#quote-form .field-error').first().waitFor();
      assert.equal(await page.locator('#quote-lines').count(), 0, 'the previous quote is cleared');
      await shot('b10b-rate-quote-error');
    });
  });
});
