import * as assert from 'node:assert/strict';
import { parseInstant, resolveRange, resolveTimeZone, UsageError } from '../../src/cli/options';

describe('CLI options', () => {
  it('reads a bare date as midnight in the zone', () => {
    assert.equal(
      parseInstant('--from', '2026-07-01', 'Europe/Berlin'),
      Date.parse('2026-06-30T22:00:00Z'),
    );
    assert.equal(
      parseInstant('--from', '2026-12-01', 'America/New_York'),
      Date.parse('2026-12-01T05:00:00Z'),
    );
  });

  it('keeps an explicit offset', () => {
    assert.equal(
      parseInstant('--to', '2026-12-01T09:30:00+02:00', 'UTC'),
      Date.parse('2026-12-01T07:30:00Z'),
    );
    assert.equal(
      parseInstant('--to', '2026-12-01T09:30Z', 'Asia/Tokyo'),
      Date.parse('2026-12-01T09:30Z'),
    );
  });

  it('reads a date-time without offset as wall-clock time', () => {
    assert.equal(
      parseInstant('--from', '2026-12-01T09:30:15', 'Asia/Kolkata'),
      Date.parse('2026-12-01T04:00:15Z'),
    );
  });

  it('rejects a time in a DST gap', () => {
    // 02:30 does not exist in New York on 2026-03-08; clocks jump from 02:00 EST to 03:00 EDT.
    assert.throws(
      () => parseInstant('--from', '2026-03-08T02:30', 'America/New_York'),
      /"2026-03-08T02:30" does not exist in America\/New_York/,
    );
  });

  it('rejects an impossible date-time', () => {
    assert.throws(() => parseInstant('--from', '2026-02-30T00:00Z', 'UTC'), UsageError);
  });

  it('canonicalises the zone spelling', () => {
    assert.equal(resolveTimeZone('america/new_york'), 'America/New_York');
  });

  it('takes the earlier time in a DST overlap', () => {
    // 01:30 happens twice in New York on 2026-11-01: first EDT (05:30Z), then EST (06:30Z).
    assert.equal(
      parseInstant('--from', '2026-11-01T01:30', 'America/New_York'),
      Date.parse('2026-11-01T05:30:00Z'),
    );
  });

  it('rejects an unknown time zone', () => {
    assert.throws(() => resolveTimeZone('Mars/Olympus'), /Mars\/Olympus.*IANA/);
  });

  it('defaults to the last seven days', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    assert.deepEqual(resolveRange(undefined, undefined, 'UTC', now), {
      fromMs: now - 7 * 86_400_000,
      toMs: now,
    });
  });

  it('rejects from after to', () => {
    assert.throws(() => resolveRange('2026-12-02', '2026-12-01', 'UTC'), UsageError);
  });
});
