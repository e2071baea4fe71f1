import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AlertTestHooks } from '../../../src/extension/alerts/alertsFeature';
import type { SignInWithResult } from '../../../src/extension/commands/signInWith';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import { LangfuseClient } from '../../../src/langfuse/client';
import { observationCostUsd } from '../../../src/metrics/observationValues';
import { startServer, type RunningServer } from '../../../src/server/server';
import { activateExtension, setSetting, waitFor, waitForData } from './extensionApi';

const V2_OBSERVATIONS = '/api/public/v2/observations';
const SERVER_REQUESTS_PER_MINUTE = 60;
const RULE_ID = 'rate-25h';

describe('background refresh under a rate limit', () => {
  let api: TraceInsightTestApi;
  let alerts: AlertTestHooks;
  let server: RunningServer;
  let previousBaseUrl: unknown;
  let previousPublicKey: unknown;

  before(async () => {
    api = await activateExtension();
    if (!api.alerts) {
      throw new Error('The test API has no alerts hooks.');
    }
    alerts = api.alerts;
    const section = vscode.workspace.getConfiguration('traceInsight');
    previousBaseUrl = section.inspect('baseUrl')?.globalValue;
    previousPublicKey = section.inspect('publicKey')?.globalValue;

    // Its own server: 2,500 observations over the last day, three pages of 1,000.
    server = await startServer({
      data: { seed: 11, observations: 2500, days: 1, endMs: Date.now() },
    });
    const signIn = await vscode.commands.executeCommand<SignInWithResult>(
      'traceInsight.signInWith',
      { baseUrl: server.url, publicKey: server.publicKey, secretKey: server.secretKey },
    );
    assert.equal(signIn.ok, true);
    await waitForData(api, new URL(server.url).origin);
    await alerts.clear();
  });

  after(async () => {
    await setSetting('budgets', undefined);
    await setSetting('baseUrl', previousBaseUrl);
    await setSetting('publicKey', previousPublicKey);
    await alerts.clear();
    await server.close();
  });

  it('first refresh reads every page', async () => {
    await setSetting('budgets', [{ id: RULE_ID, limitUsd: 1_000_000, window: '25h' }]);
    const { check } = await waitFor(
      'a check with the budget',
      () => alerts.check(),
      (value) => value.check?.results.some((result) => result.ruleId === RULE_ID) === true,
    );
    assert.equal(check?.storedObservations, 2500);
  });

  it('429s slow it without errors', async () => {
    // Use up the server's bucket, so each request waits for Retry-After before it is served.
    server.setFaults({ requestsPerMinute: SERVER_REQUESTS_PER_MINUTE });
    for (let index = 0; index < SERVER_REQUESTS_PER_MINUTE; index++) {
      await fetch(`${server.url}/api/public/health`);
    }
    const logStart = server.requestLog.length;

    const { check, error } = await alerts.check();
    const entries = server.requestLog
      .slice(logStart)
      .filter((entry) => entry.path === V2_OBSERVATIONS);
    const rateLimited = entries.filter((entry) => entry.status === 429).length;

    assert.equal(error, null);
    assert.ok(rateLimited > 0, 'the server answered no 429');
    // Only the span since the last refresh, 15 minutes of overlap included: one page.
    assert.equal(check?.outcome?.pages, 1);
    assert.equal(check?.outcome?.requests, entries.length);
    assert.equal(check?.outcome?.requests, 1 + rateLimited);
    assert.equal(api.getState().kind, 'ready');

    server.setFaults({});
    const window = check?.results.find((item) => item.ruleId === RULE_ID)?.window;
    const expected = await spendOnServer(
      server,
      window && { fromMs: window.fromMs, toMs: window.dataToMs },
    );
    const result = check?.results.find((item) => item.ruleId === RULE_ID);
    assert.equal(result?.value?.toFixed(6), expected.toFixed(6));
  });
});

/** Sums the cost of the observations the server serves in the range. */
async function spendOnServer(
  server: RunningServer,
  range: { fromMs: number; toMs: number } | undefined,
): Promise<number> {
  assert.ok(range, 'the refresh read no range');
  const client = new LangfuseClient({
    baseUrl: server.url,
    publicKey: server.publicKey,
    secretKey: server.secretKey,
  });
  let costUsd = 0;
  try {
    for await (const page of client.observationPages(range)) {
      for (const observation of page) {
        costUsd += observationCostUsd(observation);
      }
    }
  } finally {
    await client.close();
  }
  return costUsd;
}
