// The rate audit report: services whose rate class does not fit their premise or customer.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, stopServerAndAssertCleanExit, signedIn, assertError, assertStatus, show, DEMO_USERS,
  ROLE_PERMISSIONS,
} from './harness.mjs';

const KINDS = ['class_unknown', 'premise_type_mismatch', 'customer_kind_mismatch', 'location_mismatch',
  'program_not_current', 'winter_average_missing'];

const CSV_HEADER = 'as_of,account_id,account_number,customer_name,service_address,service_id,service,' +
  'rate_class,rate_class_name,kind,detail';

describe('rate audit report', () => {
  let server;
  const clients = {};

  before(async () => {
    server = await startServer();
    for (const username of DEMO_USERS) clients[username] = await signedIn(server, username);
  });
  after(async () => { await stopServerAndAssertCleanExit(server); });

  it('needs rates.audit: field staff get 403, a csr and a supervisor 200, for JSON and CSV', async () => {
    assertError(await clients.field.get('/api/v1/reports/rate-audit'), 403, { code: 'PERMISSION_DENIED' });
    assertError(await clients.field.get('/api/v1/reports/rate-audit.csv'), 403, { code: 'PERMISSION_DENIED' });
    assertStatus(await clients.csr.get('/api/v1/reports/rate-audit'), 200);
    assertStatus(await clients.csr.get('/api/v1/reports/rate-audit.csv'), 200);
    assertStatus(await clients.supervisor.get('/api/v1/reports/rate-audit'), 200);
    for (const username of DEMO_USERS) {
      const res = await clients[username].get('/api/v1/reports/rate-audit');
      if (ROLE_PERMISSIONS[username].includes('rates.audit')) assertStatus(res, 200);
      else assertError(res, 403, { code: 'PERMISSION_DENIED' });
    }
  });

  it('lists findings with account links and counts every kind', async () => {
    const body = assertStatus(await clients.supervisor.get('/api/v1/reports/rate-audit?date=2026-11-01'), 200);
    assert.equal(body.as_of, '2026-11-01');
    assert.match(body.rate_version, /^2024-07-01 /, body.rate_version);
    assert.deepEqual(body.counts.map((c) => c.kind), KINDS);
    const total = body.counts.reduce((sum, c) => sum + c.count, 0);
    assert.equal(total, body.findings_total);
    assert.equal(body.kind, null);
    assert.equal(body.findings_listed, body.findings_total);
    assert.equal(body.data.length, Math.min(body.findings_listed, 1000));
    assert.equal(body.truncated, body.findings_listed > 1000);
    assert.ok(body.accounts_checked > 0 && body.services_checked > body.accounts_checked);
    for (const line of body.data) {
      assert.match(line.account_id, /^acct_\d+$/);
      assert.match(line.account_number, /^\d{10}$/);
      assert.match(line.service_id, /^svc_\d+$/);
      assert.ok(KINDS.includes(line.kind), line.kind);
      assert.ok(line.detail.length > 0);
    }
    // The demo city puts one inside-city single-family account in 200 on the commercial water class.
    const misfits = body.data.filter((line) => line.kind === 'premise_type_mismatch');
    assert.ok(misfits.length > 0, 'the demo city has no deliberate misfit');
    for (const line of misfits) {
      assert.equal(`${line.service}.${line.rate_class}`, 'water.commercial');
      assert.match(line.detail, /this premise is single-family\.$/);
      // The finding's account is the one the link opens.
      const account = assertStatus(await clients.supervisor.get(`/api/v1/accounts/${line.account_id}`), 200);
      assert.equal(account.account_number, line.account_number);
      assert.equal(account.premise.premise_type, 'single_family');
    }
  });

  it('lists one kind with ?kind=, counting every kind', async () => {
    const all = assertStatus(await clients.auditor.get('/api/v1/reports/rate-audit?date=2026-11-01'), 200);
    const body = assertStatus(
      await clients.auditor.get('/api/v1/reports/rate-audit?date=2026-11-01&kind=premise_type_mismatch'), 200);
    assert.equal(body.kind, 'premise_type_mismatch');
    assert.deepEqual(body.counts, all.counts);
    assert.equal(body.findings_listed, all.counts.find((c) => c.kind === 'premise_type_mismatch').count);
    assert.equal(body.data.length, body.findings_listed);
    assert.ok(body.data.every((line) => line.kind === 'premise_type_mismatch'));
    assertError(await clients.auditor.get('/api/v1/reports/rate-audit?kind=misfit'), 400,
      { code: 'INVALID_ARGUMENT', reason: 'RATE_AUDIT_KIND_UNKNOWN', field: 'kind' });
  });

  it('downloads the same findings as CSV with a header line, from .csv and from format=csv', async () => {
    const json = assertStatus(await clients.finance.get('/api/v1/reports/rate-audit?date=2026-11-01'), 200);
    for (const path of ['/api/v1/reports/rate-audit.csv?date=2026-11-01',
      '/api/v1/reports/rate-audit?date=2026-11-01&format=csv']) {
      const res = await clients.finance.get(path);
      assert.equal(res.status, 200, show(res));
      assert.match(res.headers.get('content-type') || '', /^text\/csv/);
      assert.match(res.headers.get('content-disposition') || '', /filename="rate-audit-2026-11-01\.csv"/);
      const lines = res.text.split('\r\n').filter((line) => line.length > 0); // RFC 4180 line ends
      assert.equal(lines[0], CSV_HEADER);
      assert.equal(lines.length, 1 + json.findings_total);
      if (json.data.length > 0) assert.ok(lines[1].startsWith(`2026-11-01,${json.data[0].account_id},`), lines[1]);
    }
  });

  it('refuses a malformed date', async () => {
    assertError(await clients.supervisor.get('/api/v1/reports/rate-audit?date=11/01/2026'), 400,
      { code: 'INVALID_ARGUMENT' });
  });
});
