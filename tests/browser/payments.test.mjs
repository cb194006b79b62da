// Browser test of the console's money screens against a real `cistern serve` (see harness.mjs):
// a CSR opens a drawer, takes a cash payment on an account by keyboard alone (change due, new
// balance, the transaction in the list, the receipt PDF; a double Enter posts once), requests an
// adjustment over the approval limit, and a supervisor approves it. Screenshots: build/screenshots/p*.png
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { apiSession, withConsole } from './harness.mjs';

/** The API's money text for integer cents: 123456 → "$1,234.56", -500 → "-$5.00". */
function moneyText(cents) {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  const dollars = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${dollars}.${digits.slice(-2)}`;
}

/** The Balance panel's figure: what is owed, or a credit shown as a positive amount. */
const balanceShown = (cents) => moneyText(Math.abs(cents));

test('web console: drawer, cash payment by keyboard, receipt, adjustment approval', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn, signOut }) => {
    const csrApi = await apiSession(base, 'csr');
    const supervisorApi = await apiSession(base, 'supervisor');
    const config = await csrApi.get('/api/v1/finance/config');

    // An ordinary active account, not confidential, that owes something (so that the amount
    // defaults to its balance), else the first active one.
    const list = await csrApi.get('/api/v1/accounts?page_size=50');
    const candidates = list.data.filter((a) => a.status === 'active' && !a.confidential).slice(0, 15);
    assert.ok(candidates.length > 0, 'the demo city has active accounts');
    let account = candidates[0];
    for (const candidate of candidates) {
      const ledger = await csrApi.get(`/api/v1/accounts/${candidate.id}/ledger`);
      if (ledger.balance.cents > 1234) {
        account = candidate;
        break;
      }
    }
    const transactionIds = async () =>
      new Set((await csrApi.get(`/api/v1/accounts/${account.id}/transactions?page_size=100`)).data.map((e) => e.entry_id));

    await step('csr signs in and opens a drawer with a float', async () => {
      await page.goto(base + '/');
      await signIn('csr');
      await page.locator('#global-search').waitFor();
      await page.getByRole('link', { name: 'Drawer' }).click();
      const float = page.locator('#f-opening_float_cents');
      await float.waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'f-opening_float_cents');
      await page.keyboard.type('100.00');
      await shot('p01-drawer-open-form');
      await page.keyboard.press('Enter');
      await page.locator('#drawer-totals').waitFor();
      assert.equal((await page.locator('#expected-cash').innerText()).trim(), '$100.00');
      const drawer = await csrApi.get('/api/v1/drawers/current');
      assert.equal(drawer.opening_float.cents, 10000);
      assert.equal(drawer.status, 'open');
      await shot('p02-drawer-open');
    });

    const amountCents = 1234;
    const tenderedCents = 2000;
    let before;
    let beforeIds;
    let payment;
    await step('"p" opens Take payment; a cash payment typed by keyboard shows change due; a double Enter posts once', async () => {
      before = await csrApi.get(`/api/v1/accounts/${account.id}/ledger`);
      beforeIds = await transactionIds();
      await page.goto(`${base}/#/accounts/${account.id}`);
      await page.locator('#balance-amount').waitFor();
      assert.equal((await page.locator('#balance-amount').innerText()).trim(), balanceShown(before.balance.cents));
      await page.locator('#transactions').waitFor();
      await shot('p03-account-money');

      await page.locator('main').focus();
      await page.keyboard.press('p');
      await page.locator('#take-payment').waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'f-amount_cents');
      if (before.balance.cents > 0) {
        assert.equal(
          await page.locator('#f-amount_cents').inputValue(),
          moneyText(before.balance.cents).replace(/[$,]/g, ''),
          'the amount defaults to the balance',
        );
      }
      // The default is selected: typing replaces it.
      await page.keyboard.type('12.34');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-tender');
      assert.equal(await page.locator('#f-tender').inputValue(), 'cash', 'cash is the default tender');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-tendered_cents');
      await page.keyboard.type('20');
      await page.locator('#change-due').filter({ hasText: moneyText(tenderedCents - amountCents) }).waitFor();
      await shot('p04-take-payment-cash', { fullPage: false });

      // Two Enters in a row: the form posts once (button disabled, the same Idempotency-Key).
      const posts = [];
      const onRequest = (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/payments') {
          posts.push(request.headers()['idempotency-key']);
        }
      };
      page.on('request', onRequest);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.locator('#payment-receipt').waitFor();
      await page.waitForTimeout(300); // a second request, if any, would have gone out by now
      page.off('request', onRequest);
      assert.ok(posts.length >= 1, 'the payment was posted');
      assert.ok(posts[0], 'with an Idempotency-Key');
      assert.ok(posts.every((key) => key === posts[0]), 'resubmits reuse the same Idempotency-Key');

      const receipt = await page.locator('#payment-receipt').innerText();
      assert.ok(receipt.includes(moneyText(tenderedCents - amountCents)), 'change due shown on the receipt summary');
      const newBalance = before.balance.cents - amountCents;
      const expectedBalance = newBalance < 0 ? `${moneyText(-newBalance)} credit` : moneyText(newBalance);
      assert.equal((await page.locator('#payment-new-balance').innerText()).trim(), expectedBalance, 'new balance');
      await shot('p05-payment-posted', { fullPage: false });

      const afterIds = await transactionIds();
      const added = [...afterIds].filter((id) => !beforeIds.has(id));
      assert.equal(added.length, 1, `one new transaction, not ${added.length}`);
      const entries = (await csrApi.get(`/api/v1/accounts/${account.id}/transactions?page_size=100`)).data;
      const entry = entries.find((e) => e.entry_id === added[0]);
      assert.equal(entry.kind, 'payment');
      assert.equal(entry.amount.cents, -amountCents);
      payment = await csrApi.get(`/api/v1/payments/${entry.payment_id}`);
      assert.equal(payment.change_due.cents, tenderedCents - amountCents);
    });

    await step('the receipt link answers 200 with a PDF', async () => {
      const link = await page.locator('#print-receipt').getAttribute('href');
      assert.equal(link, payment.receipt_url);
      const answer = await page.evaluate(async (url) => {
        const r = await fetch(url, { credentials: 'same-origin' });
        const bytes = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 5)) };
      }, link);
      assert.equal(answer.status, 200);
      assert.match(answer.type ?? '', /^application\/pdf/);
      assert.equal(answer.magic, '%PDF-');
    });

    await step('Escape closes; the balance and the transaction list show the payment', async () => {
      await page.keyboard.press('Escape');
      await page.locator('#take-payment').waitFor({ state: 'detached' });
      const after = before.balance.cents - amountCents;
      await page.locator('#balance-amount').filter({ hasText: balanceShown(after) }).waitFor();
      assert.match(await page.locator('#balance').innerText(), after < 0 ? /Credit balance/ : /Balance due/);
      const first = page.locator('#transactions tbody tr.txn').first();
      await first.filter({ hasText: moneyText(-amountCents) }).waitFor();
      assert.match(await first.innerText(), /Payment/);
      // The row expands to its GL lines.
      await first.locator('.txn-toggle').click();
      await page.locator('#transactions .lines-table').first().waitFor();
      await shot('p06-account-after-payment');
    });

    await step('the drawer counts the cash', async () => {
      const drawer = await csrApi.get('/api/v1/drawers/current');
      assert.equal(drawer.totals.cash.cents, amountCents);
      assert.equal(drawer.expected_cash.cents, 10000 + amountCents);
      await page.getByRole('link', { name: 'Drawer' }).click();
      await page.locator('#expected-cash').filter({ hasText: moneyText(10000 + amountCents) }).waitFor();
    });

    let adjustment;
    const overLimit = config.adjustment_approval_over.cents + 2500;
    await step('csr requests an adjustment over the approval limit: the form says it will wait', async () => {
      await page.goto(`${base}/#/accounts/${account.id}`);
      await page.locator('#balance-amount').waitFor();
      await page.locator('main').focus();
      await page.keyboard.press('a');
      await page.locator('#adjust').waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'f-amount_cents');
      await page.keyboard.type(moneyText(overLimit).replace('$', ''));
      const reason = config.adjustment_reasons[0];
      await page.locator('#f-reason_code').selectOption(reason.code);
      await page.locator('#f-memo').fill('Meter misread in October (browser test)');
      await page.locator('#approval-note').filter({ hasText: /wait for a supervisor/ }).waitFor();
      await shot('p07-adjust-needs-approval', { fullPage: false });
      await page.locator('#f-memo').press('Enter');
      await page.locator('#adjust .done-view').filter({ hasText: 'Sent for approval' }).waitFor();
      const pending = await supervisorApi.get('/api/v1/adjustments?status=pending_approval');
      adjustment = pending.data.find((a) => a.account_id === account.id && a.amount.cents === overLimit);
      assert.ok(adjustment, 'the adjustment waits for approval');
      assert.equal(adjustment.requested_by.id, csrApi.user.id);
      await page.keyboard.press('Escape');
    });

    await step('a supervisor sees the pending adjustment with its requester and approves it', async () => {
      // One of the supervisor's own, to show that it cannot be approved by its requester.
      const own = await supervisorApi.post(
        '/api/v1/adjustments',
        {
          account_id: account.id,
          direction: 'debit',
          amount_cents: config.adjustment_approval_over.cents + 100,
          fund: config.funds[0],
          reason_code: config.adjustment_reasons[0].code,
          memo: 'Supervisor request (browser test)',
        },
        { 'Idempotency-Key': randomUUID() },
      );
      assert.equal(own.status, 201, JSON.stringify(own.body));

      await signOut();
      await signIn('supervisor');
      await page.locator('#global-search').waitFor();
      await page.getByRole('link', { name: 'Approvals' }).click();
      const row = page.locator(`#pending-adjustments tr[data-id="${adjustment.id}"]`);
      await row.waitFor();
      assert.ok((await row.innerText()).includes(adjustment.requested_by.display_name), 'requester shown');
      const ownRow = page.locator(`#pending-adjustments tr[data-id="${own.body.id}"]`);
      assert.match(await ownRow.innerText(), /your request/);
      assert.equal(await ownRow.getByRole('button', { name: 'Approve' }).isDisabled(), true);
      await shot('p08-approvals');

      await row.locator('input').fill('Checked the meter photo');
      await row.locator('input').press('Enter');
      await row.filter({ hasText: 'Approved' }).waitFor();
      const decided = (await supervisorApi.get('/api/v1/adjustments?status=posted')).data.find((a) => a.id === adjustment.id);
      assert.ok(decided, 'the adjustment is posted');
      assert.ok(decided.entry_id, 'with its journal entry');
      await shot('p09-approved');
    });

    await step('reports: daily cash shows a table and downloads as CSV', async () => {
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.locator('#report').waitFor();
      await page.locator('#report table, #report .empty, #report .kvs').first().waitFor();
      const csv = await page.locator('#report-csv').getAttribute('href');
      assert.match(csv, /format=csv/);
      const answer = await page.evaluate(async (url) => {
        const r = await fetch(url, { credentials: 'same-origin' });
        return { status: r.status, type: r.headers.get('content-type') };
      }, csv);
      assert.equal(answer.status, 200);
      assert.match(answer.type ?? '', /csv/);
      await shot('p10-report-daily-cash');
    });
  });
});
