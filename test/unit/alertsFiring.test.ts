import * as assert from 'node:assert/strict';
import { AlertFiring, type AlertEvent } from '../../src/alerts/firing';
import { AlertHistory } from '../../src/alerts/history';
import type { GroupValue, RuleResult } from '../../src/alerts/result';
import type { AlertLevel } from '../../src/alerts/types';
import { ManualClock } from '../../src/refresh/clock';

const MINUTE_MS = 60_000;
const START = Date.parse('2026-12-04T09:00:00Z');

/** Builds a daily cost result with thresholds $80 and $100 at the given spend. */
function result(
  valueUsd: number | null,
  options: { label?: string; crossedGroups?: GroupValue[]; rolling?: boolean } = {},
): RuleResult {
  const level: AlertLevel =
    valueUsd === null ? 'noData' : valueUsd >= 100 ? 'alert' : valueUsd >= 80 ? 'warning' : 'ok';
  return {
    ruleId: 'cost:day',
    ruleName: 'daily cost',
    kind: 'cost',
    level,
    value: valueUsd,
    unit: 'usd',
    thresholds: { warning: 80, alert: 100 },
    window: {
      fromMs: START,
      toMs: START + 86_400_000,
      dataToMs: START,
      label: options.label ?? '2026-12-04',
      complete: false,
      rolling: options.rolling ?? false,
    },
    ...(options.crossedGroups ? { crossedGroups: options.crossedGroups } : {}),
    cause: { range: { fromMs: START, toMs: START + 1 }, scope: {} },
  };
}

function kinds(events: AlertEvent[]): string[] {
  return events.map(
    (event) => `${event.kind}:${event.level}${event.group ? `:${event.group}` : ''}`,
  );
}

describe('alert firing', () => {
  let clock: ManualClock;
  let firing: AlertFiring;

  beforeEach(() => {
    clock = new ManualClock(START);
    firing = new AlertFiring({ now: () => clock.now(), reNotifyMs: 60 * MINUTE_MS });
  });

  it('fires once per crossing', () => {
    assert.deepEqual(kinds(firing.update([result(50)])), []);
    assert.deepEqual(kinds(firing.update([result(85)])), ['crossing:warning']);
    assert.deepEqual(kinds(firing.update([result(90)])), []);
    assert.deepEqual(kinds(firing.update([result(120)])), ['crossing:alert']);
    assert.deepEqual(kinds(firing.update([result(130)])), []);
  });

  it('crossing message says by how much', () => {
    const [event] = firing.update([result(112.4)]);

    assert.equal(
      event?.message,
      'daily cost crossed its alert level: $112.40, $12.40 over $100.00 (2026-12-04)',
    );
    assert.equal(event?.previousLevel, 'ok');
    assert.equal(event?.atMs, START);
  });

  it('re-notifies after the interval', async () => {
    firing.update([result(85)]);

    await clock.advance(59 * MINUTE_MS);
    assert.deepEqual(kinds(firing.update([result(86)])), []);

    await clock.advance(MINUTE_MS);
    const reminders = firing.update([result(87)]);
    assert.deepEqual(kinds(reminders), ['reminder:warning']);
    assert.match(reminders[0]?.message ?? '', /^Still crossed: daily cost/);

    await clock.advance(30 * MINUTE_MS);
    assert.deepEqual(kinds(firing.update([result(88)])), []);
    await clock.advance(30 * MINUTE_MS);
    assert.deepEqual(kinds(firing.update([result(88)])), ['reminder:warning']);
  });

  it('sends no reminders with interval 0', async () => {
    firing = new AlertFiring({ now: () => clock.now(), reNotifyMs: 0 });
    firing.update([result(85)]);
    await clock.advance(24 * 60 * MINUTE_MS);

    assert.deepEqual(kinds(firing.update([result(85)])), []);
  });

  it('fires again after recovery', () => {
    firing.update([result(85)]);
    assert.deepEqual(kinds(firing.update([result(50)])), ['resolved:ok']);
    assert.deepEqual(kinds(firing.update([result(81)])), ['crossing:warning']);
  });

  it('fires again on a rise after a drop to warning', () => {
    firing.update([result(120)]);
    assert.deepEqual(kinds(firing.update([result(90)])), []);
    assert.deepEqual(kinds(firing.update([result(101)])), ['crossing:alert']);
  });

  it('holds the state on no data', () => {
    firing.update([result(85)]);
    assert.deepEqual(kinds(firing.update([result(null)])), []);
    assert.deepEqual(kinds(firing.update([result(85)])), []);
  });

  it('snooze holds notifications until it ends', async () => {
    firing.snooze('cost:day', 30 * MINUTE_MS);
    assert.equal(firing.snoozedUntil('cost:day'), START + 30 * MINUTE_MS);

    assert.deepEqual(kinds(firing.update([result(120)])), []);
    await clock.advance(29 * MINUTE_MS);
    assert.deepEqual(kinds(firing.update([result(120)])), []);

    await clock.advance(MINUTE_MS);
    assert.equal(firing.snoozedUntil('cost:day'), undefined);
    assert.deepEqual(kinds(firing.update([result(120)])), ['crossing:alert']);
    assert.deepEqual(kinds(firing.update([result(120)])), []);
  });

  it('snooze holds reminders', async () => {
    firing.update([result(85)]);
    firing.snooze('cost:day', 3 * 60 * MINUTE_MS);
    await clock.advance(2 * 60 * MINUTE_MS);

    assert.deepEqual(kinds(firing.update([result(85)])), []);
    firing.unsnooze('cost:day');
    assert.deepEqual(kinds(firing.update([result(85)])), ['reminder:warning']);
  });

  it('new calendar window fires again', () => {
    firing.update([result(120)]);
    assert.deepEqual(kinds(firing.update([result(120, { label: '2026-12-05' })])), [
      'crossing:alert',
    ]);
  });

  it('rolling window keeps its state', () => {
    firing.update([result(120, { rolling: true, label: 'last 24h' })]);
    assert.deepEqual(kinds(firing.update([result(120, { rolling: true, label: 'last 24h' })])), []);
  });

  it('fires per group', () => {
    const ann = { key: 'ann', value: 120, level: 'alert' as const };
    const bob = { key: 'bob', value: 85, level: 'warning' as const };

    assert.deepEqual(kinds(firing.update([result(120, { crossedGroups: [ann] })])), [
      'crossing:alert:ann',
    ]);
    assert.deepEqual(kinds(firing.update([result(120, { crossedGroups: [ann, bob] })])), [
      'crossing:warning:bob',
    ]);
    assert.deepEqual(kinds(firing.update([result(85, { crossedGroups: [bob] })])), [
      'resolved:ok:ann',
    ]);
  });

  it('state survives a JSON round trip', async () => {
    firing.update([result(85)]);
    firing.snooze('other', 10 * MINUTE_MS);
    const saved = JSON.parse(JSON.stringify(firing.toJSON()));

    const restored = new AlertFiring({
      now: () => clock.now(),
      reNotifyMs: 60 * MINUTE_MS,
      state: saved,
    });
    assert.deepEqual(kinds(restored.update([result(85)])), []);
    assert.equal(restored.snoozedUntil('other'), START + 10 * MINUTE_MS);

    await clock.advance(60 * MINUTE_MS);
    assert.deepEqual(kinds(restored.update([result(85)])), ['reminder:warning']);
  });

  it('toJSON drops ended snoozes', async () => {
    firing.snooze('cost:day', MINUTE_MS);
    await clock.advance(MINUTE_MS);
    assert.deepEqual(firing.toJSON().snoozedUntilMs, {});
  });
});

describe('alert history', () => {
  function events(count: number, startMs: number): AlertEvent[] {
    const firing = new AlertFiring({ now: () => startMs, reNotifyMs: 0 });
    const out: AlertEvent[] = [];
    for (let i = 0; i < count; i++) {
      out.push(...firing.update([{ ...result(120), ruleId: `rule-${i}`, ruleName: `rule ${i}` }]));
    }
    return out;
  }

  it('keeps the newest entries up to the limit', () => {
    const history = new AlertHistory([], 3);
    history.record(events(2, START));
    history.record(events(2, START + MINUTE_MS));

    const entries = history.list();
    assert.equal(entries.length, 3);
    assert.equal(entries[0]?.atMs, START + MINUTE_MS);
    assert.equal(entries[2]?.atMs, START);
  });

  it('entry carries the dashboard filter', () => {
    const history = new AlertHistory();
    history.record(events(1, START));
    const [entry] = history.list('rule-0');

    assert.equal(entry?.kind, 'crossing');
    assert.equal(entry?.level, 'alert');
    assert.deepEqual(entry?.range, { fromMs: START, toMs: START + 1 });
    assert.deepEqual(entry?.scope, {});
    assert.equal(history.list('rule-9').length, 0);
  });

  it('fromJSON drops invalid entries', () => {
    const history = new AlertHistory();
    history.record(events(2, START));
    const restored = AlertHistory.fromJSON([...history.toJSON(), null, { atMs: 'x' }, 7]);

    assert.equal(restored.list().length, 2);
    assert.equal(AlertHistory.fromJSON('not a list').list().length, 0);
  });
});
