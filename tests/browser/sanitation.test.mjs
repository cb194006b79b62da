// Browser test of the console's Sanitation page against a real `cistern serve` (see harness.mjs):
// a CSR finds a commercial account, records a private-hauler exemption with a hauler and no permit
// (it shows on the monitoring list as missing paperwork), requests a roll-off dumpster on the
// account, delivers it and empties it, and sees the delivery and haul fees in the account's
// transactions.
// Screenshots: build/screenshots/san*.png
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, withConsole } from './harness.mjs';

function todayIn(timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function plusDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test('web console: sanitation exemption with missing paperwork, dumpster request, deliver, empty, fees', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn }) => {
    const api = await apiSession(base, 'csr');
    const reference = await api.get('/api/v1/reference-data');
    const today = todayIn(reference.city.time_zone);
    const expires = plusDays(today, 365);

    // An active account on a commercial premise with no exemption yet.
    let target = null;
    for (let pageNo = 1; !target && pageNo <= 3; pageNo += 1) {
      const summaries = (await api.get(`/api/v1/accounts?page_size=100&page=${pageNo}`)).data;
      if (summaries.length === 0) break;
      for (const summary of summaries) {
        if (summary.status !== 'active') continue;
        const sanitation = await api.get(`/api/v1/accounts/${summary.id}/sanitation`);
        if (!sanitation.may_use_private_hauler || sanitation.exemption) continue;
        target = summary;
        break;
      }
    }
    assert.ok(target, 'the demo has an active commercial account without an exemption');
    const hauler = 'Red River Waste Haulers';

    // The dumpster actions ask window.confirm; the CSR says yes.
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.accept().catch(() => undefined);
    });

    await step('csr opens Sanitation from the top bar and records an exemption with no permit', async () => {
      await page.goto(base + '/');
      await signIn('csr');
      await page.locator('#global-search').waitFor();
      await page.getByRole('link', { name: 'Sanitation' }).click();
      await page.locator('#exemptions').waitFor();
      await page.locator('#exemptions').getByRole('button', { name: 'New exemption' }).click();
      await page.locator('#exemption-account').fill(target.id);
      await page.locator('#exemption-hauler').fill(hauler);
      await page.locator('#exemption-permit').fill('');
      await page.locator('#exemption-starts').fill(today);
      await page.locator('#exemption-expires').fill(expires);
      await shot('san01-exemption-form');
      await page.getByRole('button', { name: 'Record exemption' }).click();
      const row = page.locator('#exemptions table.exemptions tbody tr', { hasText: target.account_number });
      await row.waitFor();
      assert.match(await row.innerText(), new RegExp(hauler));
      assert.match(await row.innerText(), /none on file/);
      assert.match(await row.locator('.exemption-flags').innerText(), /Missing paperwork/);
      await shot('san02-monitoring-list');
    });

    await step('the exemption is on the API monitoring list as missing paperwork', async () => {
      const attention = (await api.get('/api/v1/sanitation/exemptions?filter=attention')).data;
      const mine = attention.find((e) => e.account_id === target.id);
      assert.ok(mine, 'the exemption is on the monitoring list');
      assert.equal(mine.hauler, hauler);
      assert.equal(mine.permit, '');
      assert.equal(mine.missing_paperwork, true);
      assert.equal(mine.needs_attention, true);
    });

    let dumpster = null;
    await step('csr requests a 30-yard dumpster on the account', async () => {
      await page.locator('#dumpsters').getByRole('button', { name: 'Request dumpster' }).click();
      await page.locator('#dumpster-account').fill(target.id);
      await page.locator('#dumpster-size').selectOption('30');
      await page.locator('#dumpster-date').fill(today);
      await page.locator('#dumpster-remarks').fill('Remodel debris; place by the loading dock');
      await page.locator('#new-dumpster').getByRole('button', { name: 'Request dumpster' }).click();
      const row = page.locator('#dumpsters table.dumpsters tbody tr', { hasText: target.account_number });
      await row.waitFor();
      assert.match(await row.innerText(), /Requested/);
      const listed = (await api.get(`/api/v1/sanitation/dumpsters?account_id=${target.id}&status=all`)).data;
      const mine = listed.filter((d) => d.account_id === target.id);
      assert.equal(mine.length, 1, 'one dumpster for the account');
      dumpster = mine[0];
      assert.equal(dumpster.status, 'requested');
      assert.equal(dumpster.size_yards, 30);
      await shot('san03-dumpster-requested');
    });

    await step('deliver it, then empty it once', async () => {
      const row = () => page.locator(`#dumpsters tr[data-id="${dumpster.id}"]`);
      await row().locator('button[data-action="deliver"]').click();
      await row().locator('button[data-action="empty"]').waitFor();
      assert.match(await row().innerText(), /On site/);
      await row().locator('button[data-action="empty"]').click();
      await page.waitForFunction(
        (id) => document.querySelector(`#dumpsters tr[data-id="${id}"] td.num`)?.textContent.trim() === '1',
        dumpster.id,
      );
      assert.equal(dialogs.length, 2, 'each charged action asked for confirmation');
      assert.match(dialogs[0], /Deliver .*fee/);
      assert.match(dialogs[1], /Empty .*fee/);
      const done = await api.get(`/api/v1/sanitation/dumpsters/${dumpster.id}`);
      assert.equal(done.status, 'delivered');
      assert.equal(done.empty_count, 1);
      await shot('san04-dumpster-on-site');
    });

    await step('the account page shows the exemption, the dumpster and its fees in the transactions', async () => {
      await page.goto(`${base}/#/accounts/${target.id}`);
      await page.locator('#sanitation .exemption-summary').waitFor();
      assert.match(await page.locator('#sanitation .exemption-summary').innerText(), /missing/);
      await page.locator(`#sanitation tr[data-id="${dumpster.id}"]`).waitFor();
      const transactions = page.locator('#transactions');
      await transactions.getByText('Roll-off dumpster delivery').first().waitFor();
      await transactions.getByText(/Roll-off dumpster haul/).first().waitFor();
      const text = await transactions.innerText();
      assert.match(text, /Roll-off dumpster delivery[\s\S]*?75\.00|75\.00[\s\S]*?Roll-off dumpster delivery/);
      assert.match(text, /150\.00/);
      await page.locator('#sanitation').scrollIntoViewIfNeeded();
      await shot('san05-account-sanitation');
    });
  });
});
