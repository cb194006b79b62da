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
      await page.locator('#metering').scrollIntoViewIfNeeded();
      await shot('b01-account-metering');
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
    });

    await step('the readings queue lists open exceptions; Accept resolves one', async () => {
      const open = (await api.get('/api/v1/reading-exceptions?status=open&page_size=100')).data;
      let target = open.find((e) => e.reading_id);
      if (!target) {
        // No held reading in the demo: hold one (no usage since the last reading).
        const a = accounts.find((x) => x.status === 'active' && x.cycle !== runCycle && x.id !== shown.id && x.metering.meters.some((m) => !m.removed_on));
        const m = a.metering.meters.find((x) => !x.removed_on);
        const last = [...m.readings].sort((x, y) => (x.read_on < y.read_on ? 1 : -1))[0];
        const made = await api.post('/api/v1/readings', { meter_serial: m.serial, read_on: today, value: last.value });
        assert.equal(made.status, 201);
        target = made.body.exception;
        assert.ok(target, 'a reading with no usage is held');
      }
      await page.getByRole('link', { name: 'Readings' }).click();
      await page.locator(`tr[data-id="${target.id}"]`).waitFor();
      assert.ok((await page.locator('.exceptions-table tbody tr[data-id]').count()) >= 1);
      await shot('b05-readings-queue');
      await page.locator(`tr[data-id="${target.id}"]`).getByRole('button', { name: 'Accept' }).click();
      await page.locator(`tr[data-id="${target.id}"] .badge-status`).filter({ hasText: 'Accepted' }).waitFor();
      const after = (await api.get('/api/v1/reading-exceptions?status=all&page_size=100')).data.find((e) => e.id === target.id);
      assert.equal(after.status, 'accepted');
    });

    // The period to bill: the month after the cycle's last posted run, read today.
    const runs = (await api.get('/api/v1/billing-runs?page_size=100')).data;
    const lastEnd = runs.filter((r) => r.cycle === runCycle && r.status === 'posted').map((r) => r.period_end).sort().at(-1);
    assert.ok(lastEnd, `cycle ${runCycle} has been billed before`);
    const periodEnd = endOfNextMonth(lastEnd);
    const billDate = periodEnd > today ? addDays(periodEnd, 1) : today;

    await step('"Import route file" reads a CSV and shows the counts', async () => {
      const rows = ['route,sequence,meter_serial,read_date,reading,read_code,reader'];
      for (const a of accounts.filter((x) => x.cycle === runCycle)) {
        for (const m of a.metering.meters.filter((x) => !x.removed_on)) {
          rows.push(`${a.route},${m.route_sequence},${m.serial},${today},${nextValue(m)},,T1`);
        }
      }
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
      await shot('b09-run-posted');
      const pdf = await fetchInPage(page, await page.locator('#run-pdf').getAttribute('href'));
      assert.equal(pdf.status, 200);
      assert.match(pdf.type ?? '', /^application\/pdf/);
      assert.equal(pdf.magic, '%PDF-');
    });

    await step('the rate quote tool shows the itemized lines and the total', async () => {
      await page.getByRole('link', { name: 'Rate quote' }).first().click();
      await page.locator('#quote-services').waitFor();
      await page.locator('#f-water_usage_gallons').fill('6000');
      await page.locator('#f-winter_average_gallons').fill('5000');
      await page.locator('#quote-submit').click();
      await page.locator('#quote-lines').waitFor();
      const lines = await page.locator('#quote-lines tr.quote-line').count();
      assert.ok(lines >= 3, `itemized lines (${lines})`);
      const total = (await page.locator('#quote-total').innerText()).trim();
      assert.match(total, /^\$\d[\d,]*\.\d\d$/);
      await shot('b10-rate-quote');
    });
  });
});
