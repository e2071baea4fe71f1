import * as assert from 'node:assert/strict';
import { linearForecast, resolveWindow } from '../../src/alerts/result';
import {
  formatWindowSpec,
  parseWindowSpec,
  previousWindow,
  shiftDays,
  windowContaining,
} from '../../src/alerts/windows';
import { DAY_MS, HOUR_MS } from './alertsFixtures';

const NEW_YORK = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);

describe('alert windows', () => {
  it('day window is 23 hours on New York spring-forward', () => {
    const window = windowContaining({ kind: 'day' }, at('2026-03-08T12:00:00Z'), NEW_YORK);

    assert.equal(window.label, '2026-03-08');
    assert.equal(window.fromMs, at('2026-03-08T05:00:00Z'));
    assert.equal(window.toMs, at('2026-03-09T04:00:00Z'));
    assert.equal(window.toMs - window.fromMs, 23 * HOUR_MS);
  });

  it('day window is 25 hours on Berlin fall-back', () => {
    const window = windowContaining({ kind: 'day' }, at('2026-10-25T10:00:00Z'), BERLIN);

    assert.equal(window.label, '2026-10-25');
    assert.equal(window.fromMs, at('2026-10-24T22:00:00Z'));
    assert.equal(window.toMs, at('2026-10-25T23:00:00Z'));
    assert.equal(window.toMs - window.fromMs, 25 * HOUR_MS);
  });

  it('day window switches at local midnight', () => {
    const before = windowContaining({ kind: 'day' }, at('2026-03-08T04:59:59.999Z'), NEW_YORK);
    const after = windowContaining({ kind: 'day' }, at('2026-03-08T05:00:00Z'), NEW_YORK);

    assert.equal(before.label, '2026-03-07');
    assert.equal(before.toMs, at('2026-03-08T05:00:00Z'));
    assert.equal(after.label, '2026-03-08');
    assert.equal(after.fromMs, before.toMs);
  });

  it('week window starts Monday and spans the DST change', () => {
    // Sunday 2026-03-08 belongs to the ISO week that starts on Monday 2026-03-02 (EST).
    const window = windowContaining({ kind: 'week' }, at('2026-03-08T20:00:00Z'), NEW_YORK);

    assert.equal(window.label, '2026-W10');
    assert.equal(window.fromMs, at('2026-03-02T05:00:00Z'));
    assert.equal(window.toMs, at('2026-03-09T04:00:00Z'));
    assert.equal(window.toMs - window.fromMs, 7 * DAY_MS - HOUR_MS);
  });

  it('week label uses the ISO year of Thursday', () => {
    const window = windowContaining({ kind: 'week' }, at('2027-01-01T12:00:00Z'), 'UTC');

    assert.equal(window.label, '2026-W53');
    assert.equal(window.fromMs, at('2026-12-28T00:00:00Z'));
  });

  it('month window covers the Berlin fall-back', () => {
    const window = windowContaining({ kind: 'month' }, at('2026-10-31T22:30:00Z'), BERLIN);

    assert.equal(window.label, '2026-10');
    assert.equal(window.fromMs, at('2026-09-30T22:00:00Z'));
    assert.equal(window.toMs, at('2026-10-31T23:00:00Z'));
  });

  it('month window of December ends in January', () => {
    const window = windowContaining({ kind: 'month' }, at('2026-12-31T23:59:00Z'), 'UTC');

    assert.equal(window.label, '2026-12');
    assert.equal(window.toMs, at('2027-01-01T00:00:00Z'));
  });

  it('rolling window ends at the instant', () => {
    const window = windowContaining(
      { kind: 'rolling', durationMs: DAY_MS },
      at('2026-03-08T12:00:00Z'),
      NEW_YORK,
    );

    assert.equal(window.fromMs, at('2026-03-07T12:00:00Z'));
    assert.equal(window.toMs, at('2026-03-08T12:00:00Z'));
    assert.equal(window.label, 'last 24h');
  });

  it('previous window of a day is the whole day before', () => {
    const spec = { kind: 'day' } as const;
    const current = windowContaining(spec, at('2026-03-09T12:00:00Z'), NEW_YORK);
    const previous = previousWindow(spec, current, NEW_YORK);

    assert.equal(previous.label, '2026-03-08');
    assert.equal(previous.toMs - previous.fromMs, 23 * HOUR_MS);
  });

  it('previous rolling window has the same length', () => {
    const spec = { kind: 'rolling', durationMs: 6 * HOUR_MS } as const;
    const current = windowContaining(spec, at('2026-03-09T12:00:00Z'), 'UTC');
    const previous = previousWindow(spec, current, 'UTC');

    assert.equal(previous.fromMs, at('2026-03-09T00:00:00Z'));
    assert.equal(previous.toMs, at('2026-03-09T06:00:00Z'));
  });

  it('resolveWindow previous period is complete', () => {
    const window = resolveWindow({ kind: 'day' }, at('2026-10-26T08:00:00Z'), BERLIN, 'previous');

    assert.equal(window.label, '2026-10-25');
    assert.equal(window.dataToMs, window.toMs);
    assert.equal(window.complete, true);
  });

  it('resolveWindow current period ends data at the instant', () => {
    const window = resolveWindow({ kind: 'day' }, at('2026-10-25T10:00:00Z'), BERLIN, 'current');

    assert.equal(window.dataToMs, at('2026-10-25T10:00:00Z'));
    assert.equal(window.complete, false);
    assert.equal(window.rolling, false);
  });

  it('linear forecast uses the 25-hour day', () => {
    // 12 hours of the 25-hour day have passed at 10:00Z; $12 so far is $1 per hour.
    const window = resolveWindow({ kind: 'day' }, at('2026-10-25T10:00:00Z'), BERLIN, 'current');
    const forecast = linearForecast(12, window);

    assert.equal(forecast?.method, 'linear');
    assert.equal(forecast?.valueUsd, 25);
  });

  it('linear forecast is null for complete windows', () => {
    const window = resolveWindow({ kind: 'day' }, at('2026-10-25T10:00:00Z'), BERLIN, 'previous');

    assert.equal(linearForecast(12, window), null);
  });

  it('shiftDays keeps the wall-clock hour across DST', () => {
    // 10:00 EDT on 2026-03-09 is 14:00Z; 10:00 the day before is also EDT, two days before EST.
    const ms = at('2026-03-09T14:00:00Z');

    assert.equal(shiftDays(NEW_YORK, ms, -1), at('2026-03-08T14:00:00Z'));
    assert.equal(shiftDays(NEW_YORK, ms, -2), at('2026-03-07T15:00:00Z'));
    assert.equal(
      shiftDays(BERLIN, at('2026-10-26T09:30:15.250Z'), -1),
      at('2026-10-25T09:30:15.250Z'),
    );
    assert.equal(shiftDays(BERLIN, at('2026-10-26T09:30:00Z'), -2), at('2026-10-24T08:30:00Z'));
  });

  it('parseWindowSpec reads calendar names and durations', () => {
    assert.deepEqual(parseWindowSpec('daily'), { kind: 'day' });
    assert.deepEqual(parseWindowSpec('Week'), { kind: 'week' });
    assert.deepEqual(parseWindowSpec('month'), { kind: 'month' });
    assert.deepEqual(parseWindowSpec('24h'), { kind: 'rolling', durationMs: DAY_MS });
    assert.deepEqual(parseWindowSpec('90m'), { kind: 'rolling', durationMs: 90 * 60_000 });
    assert.deepEqual(parseWindowSpec('7d'), { kind: 'rolling', durationMs: 7 * DAY_MS });
    assert.equal(parseWindowSpec('fortnight'), undefined);
    assert.equal(parseWindowSpec('0h'), undefined);
    assert.equal(parseWindowSpec('30s'), undefined);
  });

  it('formatWindowSpec reads back', () => {
    for (const text of ['day', 'week', 'month', '24h', '90m', '7d', '36h']) {
      const spec = parseWindowSpec(text);
      assert.ok(spec, text);
      assert.equal(formatWindowSpec(spec), text);
    }
  });
});
