import * as assert from 'node:assert/strict';
import { ZoneDays } from '../../src/metrics/zoneDays';

const HOUR_MS = 3_600_000;

/** Returns the date of an instant from Intl directly, with no cache in between. */
function intlDate(epochMs: number, format: Intl.DateTimeFormat): string {
  const parts = format.formatToParts(epochMs);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

describe('ZoneDays', () => {
  const boundaries: Array<{ zone: string; instant: string; before: string; after: string }> = [
    // New York springs forward on 2026-03-08: a 23-hour day from 05:00Z to 04:00Z.
    {
      zone: 'America/New_York',
      instant: '2026-03-08T05:00:00Z',
      before: '2026-03-07',
      after: '2026-03-08',
    },
    {
      zone: 'America/New_York',
      instant: '2026-03-09T04:00:00Z',
      before: '2026-03-08',
      after: '2026-03-09',
    },
    // It falls back on 2026-11-01: a 25-hour day from 04:00Z to 05:00Z next day.
    {
      zone: 'America/New_York',
      instant: '2026-11-01T04:00:00Z',
      before: '2026-10-31',
      after: '2026-11-01',
    },
    {
      zone: 'America/New_York',
      instant: '2026-11-02T05:00:00Z',
      before: '2026-11-01',
      after: '2026-11-02',
    },
    // Berlin springs forward on 2026-03-29 (23:00Z to 22:00Z) and falls back on 2026-10-25.
    {
      zone: 'Europe/Berlin',
      instant: '2026-03-28T23:00:00Z',
      before: '2026-03-28',
      after: '2026-03-29',
    },
    {
      zone: 'Europe/Berlin',
      instant: '2026-03-29T22:00:00Z',
      before: '2026-03-29',
      after: '2026-03-30',
    },
    {
      zone: 'Europe/Berlin',
      instant: '2026-10-24T22:00:00Z',
      before: '2026-10-24',
      after: '2026-10-25',
    },
    {
      zone: 'Europe/Berlin',
      instant: '2026-10-25T23:00:00Z',
      before: '2026-10-25',
      after: '2026-10-26',
    },
    // Kathmandu is UTC+05:45, an offset of a quarter hour.
    {
      zone: 'Asia/Kathmandu',
      instant: '2026-03-09T18:15:00Z',
      before: '2026-03-09',
      after: '2026-03-10',
    },
    { zone: 'UTC', instant: '2026-03-10T00:00:00Z', before: '2026-03-09', after: '2026-03-10' },
  ];

  for (const { zone, instant, before, after } of boundaries) {
    it(`label at ${zone} day boundary ${instant}`, () => {
      const days = new ZoneDays(zone);
      const boundaryMs = Date.parse(instant);

      assert.equal(days.label(boundaryMs - 1), before);
      assert.equal(days.label(boundaryMs), after);
      assert.equal(days.label(boundaryMs - 1), before, 'a cached slot keeps its label');
    });
  }

  it('label matches Intl every 7 minutes across DST weeks', () => {
    const weeks = [
      { zone: 'America/New_York', fromMs: Date.parse('2026-03-05T00:00:00Z') },
      { zone: 'America/New_York', fromMs: Date.parse('2026-10-29T00:00:00Z') },
      { zone: 'Europe/Berlin', fromMs: Date.parse('2026-03-26T00:00:00Z') },
      { zone: 'Europe/Berlin', fromMs: Date.parse('2026-10-22T00:00:00Z') },
      // Lord Howe moves its clocks by 30 minutes.
      { zone: 'Australia/Lord_Howe', fromMs: Date.parse('2026-04-02T00:00:00Z') },
      // Santiago changes its clocks at midnight, so a day starts at 01:00 or lasts 25 hours.
      { zone: 'America/Santiago', fromMs: Date.parse('2026-04-02T00:00:00Z') },
      { zone: 'America/Santiago', fromMs: Date.parse('2026-09-03T00:00:00Z') },
    ];

    for (const { zone, fromMs } of weeks) {
      const days = new ZoneDays(zone);
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      for (let ms = fromMs; ms < fromMs + 7 * 24 * HOUR_MS; ms += 7 * 60_000 + 13) {
        const at = new Date(ms).toISOString();
        assert.equal(days.label(ms), intlDate(ms, format), `${zone} at ${at}`);
      }
    }
  });

  it('constructor rejects an invalid zone by name', () => {
    assert.throws(() => new ZoneDays('Mars/Olympus_Mons'), {
      name: 'RangeError',
      message: /Invalid time zone "Mars\/Olympus_Mons"/,
    });
    assert.throws(() => new ZoneDays(''), { name: 'RangeError' });
  });

  it('datesBetween lists calendar dates inclusive', () => {
    assert.deepEqual(ZoneDays.datesBetween('2026-02-27', '2026-03-02'), [
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    assert.deepEqual(ZoneDays.datesBetween('2026-03-08', '2026-03-08'), ['2026-03-08']);
    assert.deepEqual(ZoneDays.datesBetween('2028-02-28', '2028-03-01'), [
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
  });
});
