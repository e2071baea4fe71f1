import * as assert from 'node:assert/strict';
import { AnalyticsBuilder } from '../../src/analytics/analyticsBuilder';
import { resolveNamedRange } from '../../src/analytics/namedRanges';
import { bucketOf, bucketsOf, ZoneClock } from '../../src/analytics/timeBuckets';
import { observation } from './analyticsSupport';

const HOUR_MS = 3_600_000;
const berlin = new ZoneClock('Europe/Berlin');

describe('analytics time buckets', () => {
  it('week with spring-forward has 167 hours', () => {
    const bucket = bucketOf(berlin, Date.UTC(2026, 2, 26, 12), 'week');

    assert.equal(bucket.label, '2026-W13');
    // Monday 2026-03-23 00:00 CET is 2026-03-22T23:00Z.
    assert.equal(new Date(bucket.startMs).toISOString(), '2026-03-22T23:00:00.000Z');
    assert.equal(new Date(bucket.endMs).toISOString(), '2026-03-29T22:00:00.000Z');
    assert.equal((bucket.endMs - bucket.startMs) / HOUR_MS, 167);
  });

  it('week with fall-back has 169 hours', () => {
    const bucket = bucketOf(berlin, Date.UTC(2026, 9, 25, 12), 'week');

    assert.equal(bucket.label, '2026-W43');
    assert.equal((bucket.endMs - bucket.startMs) / HOUR_MS, 169);
  });

  it('Sunday belongs to the week of the Monday before', () => {
    const sunday = bucketOf(berlin, Date.UTC(2026, 10, 8, 20), 'week');
    const monday = bucketOf(berlin, Date.UTC(2026, 10, 2, 0), 'week');

    assert.equal(sunday.label, '2026-W45');
    assert.equal(monday.label, '2026-W45');
  });

  it('ISO week 1 can start in December', () => {
    assert.equal(bucketOf(new ZoneClock('UTC'), Date.UTC(2025, 11, 30), 'week').label, '2026-W01');
  });

  it('fall-back day has 25 hours', () => {
    const bucket = bucketOf(berlin, Date.UTC(2026, 9, 25, 12), 'day');

    assert.equal(bucket.label, '2026-10-25');
    assert.equal((bucket.endMs - bucket.startMs) / HOUR_MS, 25);
  });

  it('fall-back night has two 02:00 hours', () => {
    const range = { fromMs: Date.UTC(2026, 9, 24, 22), toMs: Date.UTC(2026, 9, 25, 3) };

    assert.deepEqual(
      bucketsOf(berlin, range, 'hour').map((bucket) => bucket.label),
      [
        '2026-10-25T00:00+02:00',
        '2026-10-25T01:00+02:00',
        '2026-10-25T02:00+02:00',
        '2026-10-25T02:00+01:00',
        '2026-10-25T03:00+01:00',
      ],
    );
  });

  it('half-hour zone starts hours at :30 UTC', () => {
    const bucket = bucketOf(new ZoneClock('Asia/Kolkata'), Date.UTC(2026, 0, 1, 10, 10), 'hour');

    assert.equal(bucket.label, '2026-01-01T15:00+05:30');
    assert.equal(new Date(bucket.startMs).toISOString(), '2026-01-01T09:30:00.000Z');
  });

  it('month runs from local midnight to local midnight', () => {
    const bucket = bucketOf(berlin, Date.UTC(2026, 9, 15), 'month');

    assert.equal(bucket.label, '2026-10');
    assert.equal(new Date(bucket.startMs).toISOString(), '2026-09-30T22:00:00.000Z');
    assert.equal(new Date(bucket.endMs).toISOString(), '2026-10-31T23:00:00.000Z');
  });

  it('series lists empty buckets', () => {
    const builder = new AnalyticsBuilder({
      range: { fromMs: Date.UTC(2026, 2, 22, 23), toMs: Date.UTC(2026, 3, 12, 22) },
      timeZone: 'Europe/Berlin',
      granularity: 'week',
    });
    builder.addPage([
      observation({
        id: 'a',
        traceId: 'x',
        startTimeMs: Date.UTC(2026, 2, 29, 1),
        totalCostUsd: 1,
      }),
      observation({
        id: 'b',
        traceId: 'x',
        startTimeMs: Date.UTC(2026, 2, 29, 3),
        totalCostUsd: 2,
      }),
      observation({
        id: 'c',
        traceId: 'y',
        startTimeMs: Date.UTC(2026, 3, 12, 21),
        totalCostUsd: 4,
      }),
    ]);
    const series = builder.build().timeSeries;

    assert.deepEqual(
      series.map((point) => [point.label, point.costUsd, point.observations, point.traces]),
      [
        ['2026-W13', 3, 2, 1],
        ['2026-W14', 0, 0, 0],
        ['2026-W15', 4, 1, 1],
      ],
    );
  });

  it('day series in zone', () => {
    const builder = new AnalyticsBuilder({
      range: { fromMs: Date.UTC(2026, 9, 24, 22), toMs: Date.UTC(2026, 9, 26, 23) },
      timeZone: 'Europe/Berlin',
      granularity: 'day',
    });
    // 23:30 UTC on the 25th is 00:30 on the 26th in Berlin (CET).
    builder.addPage([
      observation({
        id: 'a',
        traceId: 'x',
        startTimeMs: Date.UTC(2026, 9, 25, 22, 59),
        totalCostUsd: 1,
      }),
      observation({
        id: 'b',
        traceId: 'y',
        startTimeMs: Date.UTC(2026, 9, 25, 23, 30),
        totalCostUsd: 2,
      }),
    ]);

    assert.deepEqual(
      builder.build().timeSeries.map((point) => [point.label, point.costUsd]),
      [
        ['2026-10-25', 1],
        ['2026-10-26', 2],
      ],
    );
  });

  it('heatmap uses local weekday and hour', () => {
    const builder = new AnalyticsBuilder({
      range: { fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 10, 9) },
      timeZone: 'Europe/Berlin',
    });
    // Monday 2026-11-02 10:15 UTC is 11:15 in Berlin; Sunday 2026-11-08 23:30 UTC is Monday 00:30.
    builder.addPage([
      observation({
        id: 'a',
        traceId: 'x',
        startTimeMs: Date.UTC(2026, 10, 2, 10, 15),
        totalCostUsd: 1,
      }),
      observation({
        id: 'b',
        traceId: 'x',
        startTimeMs: Date.UTC(2026, 10, 2, 10, 20),
        totalCostUsd: 2,
      }),
      observation({
        id: 'c',
        traceId: 'y',
        startTimeMs: Date.UTC(2026, 10, 8, 23, 30),
        totalCostUsd: 4,
      }),
    ]);
    const heatmap = builder.build().heatmap;

    assert.equal(heatmap.length, 168);
    assert.deepEqual(heatmap[11], {
      isoWeekday: 1,
      hour: 11,
      observations: 2,
      traces: 1,
      costUsd: 3,
    });
    assert.deepEqual(heatmap[0], {
      isoWeekday: 1,
      hour: 0,
      observations: 1,
      traces: 1,
      costUsd: 4,
    });
    assert.equal(
      heatmap.reduce((sum, cell) => sum + cell.observations, 0),
      3,
    );
  });
});

describe('analytics named ranges', () => {
  const now = Date.UTC(2026, 2, 15, 10, 30);
  const iso = (range: { fromMs: number; toMs: number }) => [
    new Date(range.fromMs).toISOString(),
    new Date(range.toMs).toISOString(),
  ];

  it('last hour and 24 hours end now', () => {
    assert.deepEqual(iso(resolveNamedRange('lastHour', now, 'Europe/Berlin')), [
      '2026-03-15T09:30:00.000Z',
      '2026-03-15T10:30:00.000Z',
    ]);
    assert.deepEqual(iso(resolveNamedRange('last24Hours', now, 'Europe/Berlin')), [
      '2026-03-14T10:30:00.000Z',
      '2026-03-15T10:30:00.000Z',
    ]);
  });

  it('day ranges start at local midnight', () => {
    assert.deepEqual(iso(resolveNamedRange('last7Days', now, 'Europe/Berlin')), [
      '2026-03-08T23:00:00.000Z',
      '2026-03-15T10:30:00.000Z',
    ]);
    assert.equal(
      new Date(resolveNamedRange('last90Days', now, 'UTC').fromMs).toISOString(),
      '2025-12-16T00:00:00.000Z',
    );
  });

  it('this and last month', () => {
    assert.deepEqual(iso(resolveNamedRange('thisMonth', now, 'Europe/Berlin')), [
      '2026-02-28T23:00:00.000Z',
      '2026-03-15T10:30:00.000Z',
    ]);
    assert.deepEqual(iso(resolveNamedRange('lastMonth', now, 'Europe/Berlin')), [
      '2026-01-31T23:00:00.000Z',
      '2026-02-28T23:00:00.000Z',
    ]);
  });

  it('last month in January is December', () => {
    assert.deepEqual(iso(resolveNamedRange('lastMonth', Date.UTC(2026, 0, 10), 'UTC')), [
      '2025-12-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
  });
});
