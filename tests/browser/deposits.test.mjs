// Browser test of the account page's deposit panel against a real `cistern serve` (see
// harness.mjs): a CSR quotes a renter's deposit on an active residential account ($100 and its
// reasons, config/deposits.toml), sets it over 2 bills, is refused a lower amount without a
// supervisor (422 APPROVAL_REQUIRED), asks for a waiver with a reason; a supervisor approves it;
// the Reports page's deposit register lists the account and balances.
// Screenshots: build/screenshots/dep*.png
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, withConsole } from './harness.mjs';

test('web console: deposit quote, set in installments, lower refused, waiver approved, register', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn, signOut }) => {
    const api = await apiSession(base, 'csr');
    // An active residential account with no deposit and a clean payment history, so the renter
    // quote is exactly the guideline's $100.
    let target = null;
    const summaries = (await api.get('/api/v1/accounts?page_size=100')).data;
    for (const summary of summaries) {
      if (summary.status !== 'active') continue;
      const held = await api.get(`/api/v1/accounts/${summary.id}/deposit`);
      if (held.deposit) continue;
      const quote = await api.post(`/api/v1/accounts/${summary.id}/deposit/quote`, { tenure: 'renter' });
      if (quote.status !== 200 || quote.body.rate_class !== 'residential' || quote.body.amount.cents !== 10000) continue;
      target = summary;
      break;
    }
    assert.ok(target, 'an active residential account with a clean history and no deposit');
    const panel = page.locator('#deposit');
    const reason = 'Long-time customer at a previous address, referred by council office';

    await step('csr quotes the deposit as a renter and sees $100 with its reasons', async () => {
      await page.goto(base + '/');
      await signIn('csr');
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${target.id}`);
      await panel.getByText('No deposit set.').waitFor();
      await panel.locator('form.deposit-form select').first().selectOption('renter');
      await panel.getByRole('button', { name: 'Quote' }).click();
      await panel.locator('.deposit-quote').waitFor();
      const quote = await panel.locator('.deposit-quote').innerText();
      assert.match(quote, /Deposit \$100\.00/);
      assert.match(quote, /residential/i);
      const reasons = await panel.locator('.deposit-quote li').allInnerTexts();
      assert.ok(reasons.length >= 1, 'the quote lists its reasons');
      assert.ok(reasons.some((r) => /renter/i.test(r) && /\$100\.00/.test(r)), `a renter reason: ${reasons.join(' | ')}`);
      await panel.scrollIntoViewIfNeeded();
      await shot('dep01-quote');
    });

    await step('csr sets the deposit over 2 bills', async () => {
      await panel.locator('.deposit-quote select').selectOption('2');
      await panel.getByRole('button', { name: 'Set deposit' }).click();
      await panel.locator('.deposit-status').waitFor();
      const status = await panel.locator('.deposit-status').innerText();
      assert.match(status, /Required \$100\.00/);
      assert.match(status, /over 2 bills, 0 billed/);
      assert.match(status, /Status open/);
      const stored = await api.get(`/api/v1/accounts/${target.id}/deposit`);
      assert.equal(stored.deposit.required.cents, 10000);
      assert.equal(stored.deposit.installments, 2);
      await shot('dep02-set');
    });

    await step('setting a lower amount is refused: it needs a supervisor', async () => {
      // The panel's "Set deposit" always sends the computed amount; a lower amount can only be
      // sent to the API, so the CSR's own browser session sends it.
      const refused = await page.evaluate(async (accountId) => {
        const current = await (await fetch('/api/v1/sessions/current', { credentials: 'same-origin' })).json();
        const r = await fetch(`/api/v1/accounts/${accountId}/deposit`, {
          method: 'PUT',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': current.csrf_token },
          body: JSON.stringify({ tenure: 'renter', installments: 2, amount_cents: 5000 }),
        });
        return { status: r.status, body: await r.json() };
      }, target.id);
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.match(JSON.stringify(refused.body), /APPROVAL_REQUIRED/);
      assert.match(JSON.stringify(refused.body), /amount/);
      const stored = await api.get(`/api/v1/accounts/${target.id}/deposit`);
      assert.equal(stored.deposit.required.cents, 10000, 'nothing was written');
    });

    await step('csr asks a supervisor to waive it, with a reason', async () => {
      const form = panel.locator('form.deposit-reduction');
      await form.locator('input[name="amount"]').fill('0.00');
      await form.getByRole('button', { name: 'Ask a supervisor' }).click();
      await panel.locator('.error, .form-error, [role="alert"]').first().waitFor();
      await shot('dep03-waiver-without-reason');
      await form.locator('input[name="reason"]').fill(reason);
      await form.getByRole('button', { name: 'Ask a supervisor' }).click();
      const pending = panel.locator('.deposit-approval');
      await pending.waitFor();
      const text = await pending.innerText();
      assert.match(text, /Waiting for a supervisor: waive/);
      assert.ok(text.includes(reason), text);
      assert.equal(await pending.getByRole('button', { name: 'Approve' }).count(), 0, 'the CSR cannot approve');
      await shot('dep04-waiver-pending');
    });

    await step('a supervisor approves the waiver on the account page', async () => {
      await signOut();
      await signIn('supervisor');
      await page.locator('#global-search').waitFor();
      await page.goto(`${base}/#/accounts/${target.id}`);
      const pending = panel.locator('.deposit-approval');
      await pending.waitFor();
      await pending.getByRole('button', { name: 'Approve' }).click();
      await panel.locator('.deposit-approval').waitFor({ state: 'detached' });
      await page.waitForFunction(() => /Required \$0\.00/.test(document.querySelector('#deposit .deposit-status')?.textContent ?? ''));
      const stored = await api.get(`/api/v1/accounts/${target.id}/deposit`);
      assert.equal(stored.deposit.required.cents, 0);
      assert.equal(stored.deposit.computed.cents, 10000);
      const decided = stored.approvals.find((a) => a.waiver);
      assert.equal(decided?.status, 'approved');
      await panel.scrollIntoViewIfNeeded();
      await shot('dep05-waived');
    });

    await step('the Reports page deposit register lists the account and balances', async () => {
      await page.goto(`${base}/#/reports?report=deposit-register`);
      await page.locator('table.deposit-register').waitFor();
      const line = page.locator('table.deposit-register tbody tr', { hasText: target.account_number });
      await line.waitFor();
      assert.match(await line.innerText(), /open/);
      assert.match(await page.locator('#report').innerText(), /the register balances to it/);
      assert.doesNotMatch(await page.locator('#report').innerText(), /does NOT balance/);
      const register = await (await apiSession(base, 'supervisor')).get('/api/v1/reports/deposit-register');
      assert.equal(register.balanced, true);
      assert.ok(register.data.some((l) => l.account_id === target.id), 'the API register lists the account');
      await shot('dep06-register');
    });

    await step('switching from another report to the deposit register in the list does not crash', async () => {
      const errors = [];
      const onError = (error) => errors.push(error.message);
      page.on('pageerror', onError);
      try {
        await page.locator('.report-list').getByRole('link', { name: 'Daily cash' }).click();
        await page.locator('#report').getByText('Daily cash', { exact: false }).first().waitFor();
        await page.locator('.report-list').getByRole('link', { name: 'Deposit register' }).click();
        await page.locator('table.deposit-register').waitFor();
        assert.deepEqual(errors, [], 'no uncaught errors switching reports');
      } finally {
        page.off('pageerror', onError);
      }
    });
  });
});
