import * as assert from 'node:assert/strict';
import { customRangeLabel, resolveTimeRange, startOfDayMs } from '../../src/extension/timeRange';

describe('time range', () => {
  it('today in UTC starts at midnight', () => {
    const now = Date.parse('2026-12-04T15:30:00Z');
    assert.deepEqual(resolveTimeRange('today', now, 'UTC'), {
      fromMs: Date.parse('2026-12-04T00:00:00Z'),
      toMs: now,
    });
  });

  it('today in Tokyo starts the day before in UTC', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    assert.equal(
      resolveTimeRange('today', now, 'Asia/Tokyo').fromMs,
      Date.parse('2026-12-03T15:00:00Z'),
    );
  });

  it('last hour is rolling', () => {
    const now = Date.parse('2026-12-04T15:30:00Z');
    assert.deepEqual(resolveTimeRange('lastHour', now, 'UTC'), {
      fromMs: Date.parse('2026-12-04T14:30:00Z'),
      toMs: now,
    });
  });

  it('this month starts at local midnight', () => {
    // New York is on EST (-5) on 2026-12-01.
    const now = Date.parse('2026-12-04T15:30:00Z');
    assert.deepEqual(resolveTimeRange('thisMonth', now, 'America/New_York'), {
      fromMs: Date.parse('2026-12-01T05:00:00Z'),
      toMs: now,
    });
  });

  it('last month spans a DST change', () => {
    // Berlin: 2026-10-01 is CEST (+2), 2026-11-01 is CET (+1).
    const now = Date.parse('2026-11-15T12:00:00Z');
    assert.deepEqual(resolveTimeRange('lastMonth', now, 'Europe/Berlin'), {
      fromMs: Date.parse('2026-09-30T22:00:00Z'),
      toMs: Date.parse('2026-10-31T23:00:00Z'),
    });
  });

  it('last month in January is December', () => {
    const now = Date.parse('2027-01-10T12:00:00Z');
    assert.equal(
      resolveTimeRange('lastMonth', now, 'UTC').fromMs,
      Date.parse('2026-12-01T00:00:00Z'),
    );
  });

  it('custom range is used as entered', () => {
    const custom = {
      fromMs: Date.parse('2026-11-01T00:00:00Z'),
      toMs: Date.parse('2026-11-08T00:00:00Z'),
    };
    assert.deepEqual(resolveTimeRange('custom', Date.now(), 'UTC', custom), custom);
    assert.equal(customRangeLabel(custom, 'UTC'), '2026-11-01 to 2026-11-07');
  });

  it('last 24 hours is rolling', () => {
    const now = Date.parse('2026-12-04T15:30:00Z');
    assert.equal(
      resolveTimeRange('last24Hours', now, 'Europe/Berlin').fromMs,
      Date.parse('2026-12-03T15:30:00Z'),
    );
  });

  it('last 7 days crosses a DST change', () => {
    // Berlin moves from CET (+1) to CEST (+2) on 2026-03-29.
    const now = Date.parse('2026-03-30T10:00:00Z');
    const range = resolveTimeRange('last7Days', now, 'Europe/Berlin');
    assert.equal(range.fromMs, Date.parse('2026-03-23T23:00:00Z'));
    assert.equal(
      resolveTimeRange('today', now, 'Europe/Berlin').fromMs,
      Date.parse('2026-03-29T22:00:00Z'),
    );
  });

  it('New York fall-back day starts in EDT', () => {
    const midday = Date.parse('2026-11-01T17:00:00Z');
    assert.equal(startOfDayMs(midday, 'America/New_York'), Date.parse('2026-11-01T04:00:00Z'));
    assert.equal(startOfDayMs(midday, 'America/New_York', 1), Date.parse('2026-10-31T04:00:00Z'));
  });

  it('30 and 90 days count calendar days', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    assert.equal(
      resolveTimeRange('last30Days', now, 'UTC').fromMs,
      Date.parse('2026-11-05T00:00:00Z'),
    );
    assert.equal(
      resolveTimeRange('last90Days', now, 'UTC').fromMs,
      Date.parse('2026-09-06T00:00:00Z'),
    );
  });
});
