import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAlertsConfig } from '../../src/alerts/parseConfig';
import { parseBudgetFlags, parseWarnAt } from '../../src/cli/check/flags';
import { stripJsonc } from '../../src/cli/check/jsonc';
import { loadConfigFile } from '../../src/cli/check/loadConfigFile';
import { loadWorkspaceSettings } from '../../src/cli/check/workspaceSettings';
import { UsageError } from '../../src/cli/options';

const YAML_CONFIG = `# team budgets
timeZone: Europe/Berlin
warnAt: 75%
reNotifyMinutes: 30
budgets:
  - limitUsd: 100
    window: day
  - name: any user over $5 in 24 hours
    limitUsd: 5
    window: 24h
    groupBy: user
  - limitUsd: 400
    window: month
    scope: { model: gpt-4o, environment: production }
rules:
  - type: latency
    scope: { traceName: chat }
    window: 1h
    warning: 2.5s
    alert: 5s
  - type: errorRate
    window: day
    alert: 10%
  - type: tokenAnomaly
    tokens: input
    window: 1h
`;

describe('check config', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ti-check-config-'));
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  async function usageMessage(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof UsageError, String(error));
      return error.message;
    }
    assert.fail('expected a UsageError');
  }

  it('YAML file builds every rule', async () => {
    const config = await loadConfigFile(file('rules.yml', YAML_CONFIG));

    assert.equal(config.timeZone, 'Europe/Berlin');
    assert.equal(config.reNotifyMinutes, 30);
    assert.deepEqual(
      config.rules.map((rule) => [rule.kind, rule.name]),
      [
        ['budget', 'daily budget $100'],
        ['budget', 'any user over $5 in 24 hours'],
        ['budget', 'monthly budget $400 (model gpt-4o, environment production)'],
        ['latency', '1h p95 latency (trace chat)'],
        ['errorRate', 'daily error rate'],
        ['tokenAnomaly', '1h input token anomaly'],
      ],
    );
    assert.deepEqual(config.rules[0]?.thresholds, { warning: 75, alert: 100 });
    assert.deepEqual(config.rules[3]?.thresholds, { warning: 2.5, alert: 5 });
    assert.deepEqual(config.rules[4]?.thresholds, { warning: 0.1 * 0.75, alert: 0.1 });
    assert.deepEqual(config.rules[5]?.thresholds, { warning: 3, alert: 5 });
    assert.equal(config.rules[1]?.groupBy, 'user');
  });

  it('JSON file reads like YAML', async () => {
    const json = JSON.stringify({ budgets: [{ limitUsd: 50, window: 'week' }] }, null, 2);
    const config = await loadConfigFile(file('rules.json', json));

    assert.equal(config.rules[0]?.name, 'weekly budget $50');
    assert.equal(config.rules[0]?.id, 'budget:week:limit=50');
  });

  it('invalid value names the file, line and key', async () => {
    const text = YAML_CONFIG.replace('limitUsd: 5\n', 'limitUsd: five\n');
    const message = await usageMessage(loadConfigFile(file('bad.yml', text)));

    assert.equal(
      message,
      'bad.yml line 9: budgets[1].limitUsd: "five" is not a number; write the limit in USD, such as 100.',
    );
  });

  it('unknown key lists the known ones', async () => {
    const text = YAML_CONFIG.replace('    window: 24h\n', '    windw: 24h\n');
    const message = await usageMessage(loadConfigFile(file('typo.yml', text)));

    assert.match(
      message,
      /^typo\.yml line 10: budgets\[1\]\.windw: unknown key; use one of id, name, window/,
    );
  });

  it('missing key points at its parent', async () => {
    const text = 'rules:\n  - type: cost\n    window: day\n';
    const message = await usageMessage(loadConfigFile(file('missing.yml', text)));

    assert.match(
      message,
      /^missing\.yml line 2: rules\[0\]\.alert: missing; every rule needs an alert level/,
    );
  });

  it('syntax error names the line', async () => {
    const message = await usageMessage(
      loadConfigFile(file('broken.yml', 'budgets:\n  - limitUsd: [1,\n')),
    );
    assert.match(message, /^broken\.yml line 3: invalid YAML or JSON: Flow sequence/);
  });

  it('missing file is a usage error', async () => {
    const message = await usageMessage(loadConfigFile(join(dir, 'nope.yml')));
    assert.match(message, /--config ".*nope\.yml": the file is not found/);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    [
      'a bad window',
      { budgets: [{ limitUsd: 1, window: 'yearly' }] },
      /budgets\[0\]\.window: "yearly" is not a window/,
    ],
    [
      'a zero limit',
      { budgets: [{ limitUsd: 0, window: 'day' }] },
      /limitUsd: 0 is out of range; it must be greater than 0/,
    ],
    [
      'warning above alert',
      { rules: [{ type: 'cost', window: 'day', warning: 9, alert: 5 }] },
      /warning level 9 is above the alert level 5/,
    ],
    [
      'an unknown type',
      { rules: [{ type: 'spend', window: 'day' }] },
      /rules\[0\]\.type: "spend" is not allowed; use one of cost, latency/,
    ],
    [
      'a share over 100%',
      { rules: [{ type: 'errorRate', window: 'day', alert: '150%' }] },
      /is not a share/,
    ],
    [
      'groupBy on an anomaly',
      { rules: [{ type: 'tokenAnomaly', window: '1h', groupBy: 'user' }] },
      /rules\[0\]\.groupBy: unknown key/,
    ],
    [
      'an invalid zone',
      { timeZone: 'Mars/Olympus' },
      /timeZone: "Mars\/Olympus" is not an IANA time zone/,
    ],
    [
      'duplicate ids',
      {
        budgets: [
          { limitUsd: 1, window: 'day' },
          { limitUsd: 1, window: 'day' },
        ],
      },
      /two rules have the id "budget:day:limit=1"/,
    ],
    [
      'minBaselineDays over baselineDays',
      { rules: [{ type: 'tokenAnomaly', window: '1h', baselineDays: 2, minBaselineDays: 3 }] },
      /minBaselineDays: 3 is more than baselineDays \(2\)/,
    ],
  ];
  for (const [name, config, message] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parseAlertsConfig(config), message);
    });
  }

  it('settings file reads JSONC', async () => {
    const settings = `{
  // Trace Insight
  "traceInsight.timeZone": "America/New_York",
  "traceInsight.budget.daily": 20, /* USD */
  "traceInsight.budget.warningThresholdPercent": 90,
  "traceInsight.alerts": {
    "budgets": [{ "limitUsd": 5, "window": "24h", "groupBy": "user", }],
  },
}`;
    const config = await loadWorkspaceSettings(file('settings.json', settings));

    assert.equal(config.timeZone, 'America/New_York');
    assert.deepEqual(
      config.rules.map((rule) => [rule.name, rule.thresholds.warning]),
      [
        ['daily budget $20', 18],
        ['24h budget $5 per user', 4],
      ],
    );
  });

  it('settings file reads the budgets list', async () => {
    const settings = `{
  "traceInsight.budget.warningThresholdPercent": 50,
  "traceInsight.budgets": [
    { "limitUsd": 300, "window": "week", "scope": { "model": "gpt-4o" } },
  ],
}`;
    const config = await loadWorkspaceSettings(file('list-settings.json', settings));

    assert.equal(config.rules.length, 1);
    assert.equal(config.rules[0]?.thresholds.warning, 150);
    assert.equal(config.rules[0]?.thresholds.alert, 300);
  });

  it('settings budgets list error is a usage error', async () => {
    const settings = `{
  "traceInsight.budgets": [{ "limitUsd": -1, "window": "day" }]
}`;
    const message = await usageMessage(loadWorkspaceSettings(file('bad-list.json', settings)));

    assert.match(message, /^bad-list\.json line 2: /);
  });

  it('settings error names the line and key', async () => {
    const settings = `{
  // budgets
  "traceInsight.alerts": {
    "budgets": [
      { "limitUsd": 5, "window": "fortnight" }
    ]
  }
}`;
    const message = await usageMessage(loadWorkspaceSettings(file('bad-settings.json', settings)));

    assert.match(
      message,
      /^bad-settings\.json line 5: traceInsight\.alerts\.budgets\[0\]\.window: "fortnight" is not a window/,
    );
  });

  it('settings syntax error names the line', async () => {
    const message = await usageMessage(
      loadWorkspaceSettings(file('broken.json', '{\n  "a": 1\n  "b": 2\n}')),
    );
    assert.match(message, /^broken\.json line 3: invalid JSON/);
  });

  it('stripJsonc keeps strings and offsets', () => {
    const text = '{"url": "http://x//y", /* c */ "a": [1, 2,], // end\n"b": "\\"/*"}';
    const stripped = stripJsonc(text);

    assert.equal(stripped.length, text.length);
    assert.deepEqual(JSON.parse(stripped), { url: 'http://x//y', a: [1, 2], b: '"/*' });
  });

  it('budget flags build project budgets', () => {
    const [daily, monthly] = parseBudgetFlags(['daily=100', 'monthly=$2000.50'], 0.9);

    assert.equal(daily?.name, 'daily budget $100');
    assert.deepEqual(daily?.thresholds, { warning: 90, alert: 100 });
    assert.deepEqual(monthly?.window, { kind: 'month' });
    assert.equal(monthly?.limitUsd, 2000.5);
  });

  it('budget flag rejects other windows', () => {
    assert.throws(() => parseBudgetFlags(['yearly=100'], 0.8), /--budget "yearly=100" is invalid/);
    assert.throws(() => parseBudgetFlags(['daily=0'], 0.8), /--budget "daily=0" is invalid/);
  });

  it('warn-at reads percent and share', () => {
    assert.equal(parseWarnAt('80%'), 0.8);
    assert.equal(parseWarnAt('0.5'), 0.5);
    assert.equal(parseWarnAt(undefined), 0.8);
    assert.throws(() => parseWarnAt('eighty'), /--warn-at "eighty" is not a share/);
    assert.throws(() => parseWarnAt('120%'), /--warn-at "120%"/);
  });
});
