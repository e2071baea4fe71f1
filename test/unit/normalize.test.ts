import * as assert from 'node:assert/strict';
import {
  normalizeScore,
  normalizeV1Observation,
  normalizeV2Observation,
  parseDecimal,
} from '../../src/langfuse/normalize';

describe('normalize', () => {
  it('parses decimal strings and numbers', () => {
    assert.equal(parseDecimal('0.000125'), 0.000125);
    assert.equal(parseDecimal(3), 3);
    assert.equal(parseDecimal(''), null);
    assert.equal(parseDecimal('abc'), null);
    assert.equal(parseDecimal(null), null);
  });

  it('maps a v2 observation with string costs', () => {
    const observation = normalizeV2Observation({
      id: 'o1',
      traceId: 't1',
      type: 'GENERATION',
      startTime: '2026-12-01T10:00:00.000Z',
      endTime: '2026-12-01T10:00:01.500Z',
      level: 'ERROR',
      providedModelName: 'gpt-4o',
      usageDetails: { input: 10, output: '5' },
      costDetails: { input: '0.001', output: 0.002, total: '0.003' },
      totalCost: '0.003',
      userId: 'u1',
      sessionId: '',
      traceName: 'chat',
      tags: ['a', 1, 'b'],
      promptVersion: 3,
    });
    assert.equal(observation.startTimeMs, Date.parse('2026-12-01T10:00:00Z'));
    assert.equal(observation.endTimeMs, Date.parse('2026-12-01T10:00:01.5Z'));
    assert.equal(observation.level, 'ERROR');
    assert.equal(observation.model, 'gpt-4o');
    assert.deepEqual(observation.usageDetails, { input: 10, output: 5 });
    assert.deepEqual(observation.costDetails, { input: 0.001, output: 0.002, total: 0.003 });
    assert.equal(observation.totalCostUsd, 0.003);
    assert.equal(observation.sessionId, null);
    assert.deepEqual(observation.tags, ['a', 'b']);
    assert.equal(observation.promptVersion, 3);
  });

  it('keeps a missing v2 cost as null', () => {
    const observation = normalizeV2Observation({
      id: 'o1',
      traceId: 't1',
      type: 'GENERATION',
      startTime: '2026-12-01T10:00:00Z',
      endTime: null,
      providedModelName: 'my-model',
      totalCost: null,
    });
    assert.equal(observation.totalCostUsd, null);
    assert.equal(observation.endTimeMs, null);
    assert.equal(observation.level, 'DEFAULT');
  });

  it('keeps a usage key named __proto__', () => {
    const observation = normalizeV2Observation(
      JSON.parse(
        '{"id":"o1","traceId":"t1","startTime":"2026-12-01T10:00:00Z","usageDetails":{"__proto__":7}}',
      ),
    );
    assert.deepEqual(Object.entries(observation.usageDetails), [['__proto__', 7]]);
  });

  it('gives an observation without a trace its own trace id', () => {
    const first = normalizeV2Observation({ id: 'o1', startTime: '2026-12-01T10:00:00Z' });
    const second = normalizeV2Observation({ id: 'o2', startTime: '2026-12-01T10:00:00Z' });
    assert.notEqual(first.traceId, second.traceId);
  });

  it('rejects an observation without startTime', () => {
    assert.throws(() => normalizeV2Observation({ id: 'o1' }), /startTime/);
  });

  it('joins a v1 observation with its trace', () => {
    const observation = normalizeV1Observation(
      {
        id: 'o1',
        traceId: 't1',
        type: 'GENERATION',
        startTime: '2026-12-01T10:00:00Z',
        endTime: '2026-12-01T10:00:02Z',
        model: 'gpt-4o-mini',
        usageDetails: { input: 1 },
        costDetails: {},
        calculatedTotalCost: 0,
      },
      {
        name: 'chat',
        userId: 'u1',
        sessionId: 's1',
        tags: ['x'],
        release: 'r1',
        environment: 'production',
      },
    );
    assert.equal(observation.model, 'gpt-4o-mini');
    assert.equal(observation.totalCostUsd, null);
    assert.equal(observation.userId, 'u1');
    assert.equal(observation.traceName, 'chat');
    assert.equal(observation.environment, 'production');
  });

  it('reads a v3 observation score subject', () => {
    const score = normalizeScore({
      id: 's1',
      name: 'helpfulness',
      dataType: 'NUMERIC',
      value: 0.75,
      timestamp: '2026-12-01T10:00:00Z',
      source: 'API',
      subject: { kind: 'observation', id: 'o1', traceId: 't1' },
    });
    assert.equal(score.value, 0.75);
    assert.equal(score.traceId, 't1');
    assert.equal(score.observationId, 'o1');
  });

  it('reads boolean scores from v3 and v2', () => {
    const base = {
      id: 's',
      name: 'correct',
      dataType: 'BOOLEAN',
      timestamp: '2026-12-01T00:00:00Z',
    };
    assert.equal(normalizeScore({ ...base, value: true }).value, true);
    assert.equal(normalizeScore({ ...base, value: 0 }).value, false);
  });
});
