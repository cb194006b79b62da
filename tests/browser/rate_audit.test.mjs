// Browser test of the rate audit on the Reports page (see harness.mjs): a supervisor opens it,
// reads the counts by kind, filters to one kind, downloads that kind as CSV and follows a
// finding to its account. Screenshots: build/screenshots/ra*.png
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, withConsole } from './harness.mjs';

test('web console: the rate audit report', async (t) => {
  await withConsole(t, async ({ base, page, shot, step, signIn, signOut }) => {
    const supervisorApi = await apiSession(base, 'supervisor');
    const audit = await supervisorApi.get('/api/v1/reports/rate-audit');
    const kind = audit.counts.find((c) => c.count > 0)?.kind;
    assert.ok(kind, 'the demo city has some rate misfits');

    await step('supervisor opens the rate audit from the Reports list', async () => {
      await page.goto(base + '/');
      await signIn('supervisor');
      await page.locator('#global-search').waitFor();
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.locator('#report').waitFor();
      await page.locator('.report-list').getByRole('link', { name: 'Rate audit' }).click();
      await page.locator('#rate-audit-counts').waitFor();
      // One row per kind, and the total.
      assert.equal(await page.locator('#rate-audit-counts tbody tr').count(), audit.counts.length + 1);
      const rows = await page.locator('#rate-audit-findings tbody tr').count();
      assert.equal(rows, Math.min(audit.data.length, 300));
      assert.match(await page.locator('#report-csv').getAttribute('href'), /\/api\/v1\/reports\/rate-audit\.csv\?date=/);
      await shot('ra01-rate-audit');
    });

    await step('a kind in the counts filters the findings, and the CSV follows the filter', async () => {
      await page.locator(`#rate-audit-counts tr[data-kind="${kind}"] a`).click();
      await page.waitForFunction((k) => window.location.hash.includes(`kind=${k}`), kind);
      await page.locator(`#rate-audit-counts tr.selected[data-kind="${kind}"]`).waitFor();
      const kinds = await page.locator('#rate-audit-findings tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
      assert.ok(kinds.length > 0);
      assert.ok(kinds.every((k) => k === kind), kinds.join(' '));
      const csv = await page.locator('#report-csv').getAttribute('href');
      assert.match(csv, new RegExp(`kind=${kind}`));
      const answer = await page.evaluate(async (url) => {
        const r = await fetch(url, { credentials: 'same-origin' });
        return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
      }, csv);
      assert.equal(answer.status, 200);
      assert.match(answer.type ?? '', /csv/);
      const lines = answer.text.split('\r\n').filter(Boolean);
      assert.match(lines[0], /^as_of,account_id,account_number,/);
      assert.ok(lines.slice(1).every((line) => line.includes(`,${kind},`)));
      await shot('ra02-rate-audit-filtered');
    });

    await step('a finding links to its account', async () => {
      const link = page.locator('#rate-audit-findings tbody tr a').first();
      const number = (await link.innerText()).trim();
      await link.click();
      await page.waitForFunction(() => window.location.hash.startsWith('#/accounts/acct_'));
      await page.getByText(number).first().waitFor();
      await shot('ra03-rate-audit-account');
    });

    await step('a CSR opens Reports and finds the rate audit alone (rates.audit, not reports.read)', async () => {
      await signOut();
      await signIn('csr');
      await page.locator('#global-search').waitFor();
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.locator('#rate-audit-counts').waitFor();
      const listed = await page.locator('.report-list a').allInnerTexts();
      assert.deepEqual(listed.map((t) => t.trim()), ['Rate audit'], 'a CSR reads no finance report');
      assert.equal(await page.locator('#rate-audit-counts tbody tr').count(), audit.counts.length + 1);
      await shot('ra04-rate-audit-csr');
    });
  });
});
