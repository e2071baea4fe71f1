import * as assert from 'node:assert/strict';
import { AnalyticsBuilder } from '../../src/analytics/analyticsBuilder';
import {
  formatFilter,
  matchesFilters,
  observationQueryOf,
  parseFilter,
  type Filter,
  type TraceScores,
} from '../../src/analytics/filters';
import type { Observation } from '../../src/langfuse/types';
import { observation } from './analyticsSupport';

const base = observation({
  id: 'o1',
  traceId: 't1',
  environment: 'production',
  release: 'v2',
  version: 'chat@1',
  userId: 'u1',
  sessionId: 's1',
  traceName: 'chat',
  model: 'gpt-4o',
  level: 'WARNING',
  tags: ['beta', 'eu'],
  promptName: 'qa',
  promptVersion: 3,
});

const scores = new Map<string, TraceScores>([
  [
    't1',
    {
      numeric: new Map([
        ['helpfulness', [0.7, 0.9]],
        ['correct', [1]],
      ]),
      categorical: new Map([['sentiment', ['positive']]]),
    },
  ],
]);

function passes(text: string, subject: Observation = base): boolean {
  return matchesFilters(subject, [parseFilter(text)], (id) => scores.get(id));
}

describe('analytics filters', () => {
  it('parses field, tag and score syntax', () => {
    assert.deepEqual(parseFilter('environment = production'), {
      kind: 'field',
      field: 'environment',
      operator: '=',
      values: ['production'],
    });
    assert.deepEqual(parseFilter('model in gpt-4o, gpt-4o-mini'), {
      kind: 'field',
      field: 'model',
      operator: 'in',
      values: ['gpt-4o', 'gpt-4o-mini'],
    });
    assert.deepEqual(parseFilter('tags all-of beta,eu'), {
      kind: 'tags',
      operator: 'all-of',
      values: ['beta', 'eu'],
    });
    assert.deepEqual(parseFilter('helpfulness >= 0.8'), {
      kind: 'score',
      name: 'helpfulness',
      operator: '>=',
      value: 0.8,
    });
    assert.deepEqual(parseFilter('score:model>1'), {
      kind: 'score',
      name: 'model',
      operator: '>',
      value: 1,
    });
    assert.deepEqual(parseFilter('level = error'), {
      kind: 'field',
      field: 'level',
      operator: '=',
      values: ['ERROR'],
    });
  });

  it('rejects invalid filters with the fix', () => {
    assert.throws(() => parseFilter('environment'), /write <field> <operator> <value>/);
    assert.throws(() => parseFilter('model >= 3'), /model takes =, != or in/);
    assert.throws(() => parseFilter('level = LOUD'), /LOUD is not DEBUG/);
    assert.throws(() => parseFilter('helpfulness >= high'), /needs a number/);
  });

  it('formats filters back', () => {
    for (const text of ['environment = production', 'tags all-of beta,eu', 'helpfulness >= 0.8']) {
      assert.equal(formatFilter(parseFilter(text)), text);
    }
    assert.equal(formatFilter(parseFilter('score:model >= 1')), 'score:model >= 1');
  });

  const cases: [string, boolean][] = [
    ['environment = production', true],
    ['environment = staging', false],
    ['environment in staging,production', true],
    ['release != v2', false],
    ['release = v2', true],
    ['version = chat@1', true],
    ['user = u1', true],
    ['user = u2', false],
    ['session = s1', true],
    ['traceName = chat', true],
    ['trace-name = search', false],
    ['model = gpt-4o', true],
    ['model = gpt-4o-mini', false],
    ['level = WARNING', true],
    ['level = ERROR', false],
    ['type = GENERATION', true],
    ['prompt = qa@3', true],
    ['tag = beta', true],
    ['tags any-of x,eu', true],
    ['tags all-of beta,eu', true],
    ['tags all-of beta,us', false],
    ['tags none-of eu', false],
    // The mean of 0.7 and 0.9 is 0.8.
    ['helpfulness >= 0.8', true],
    ['helpfulness > 0.8', false],
    ['correct = true', true],
    ['correct = false', false],
    ['sentiment = positive', true],
    ['sentiment = negative', false],
    ['toxicity < 0.5', false],
  ];
  for (const [text, expected] of cases) {
    it(`${text} is ${expected}`, () => {
      assert.equal(passes(text), expected);
    });
  }

  it('missing value fails an equality', () => {
    assert.equal(passes('release = v2', observation({ id: 'x' })), false);
    assert.equal(passes('release != v2', observation({ id: 'x' })), true);
  });

  it('maps API filters to query parameters', () => {
    const filters: Filter[] = [
      'user = u1',
      'session = s1',
      'environment in production,staging',
      'level = ERROR',
      'type = GENERATION',
      'version = chat@1',
      'model = gpt-4o',
      'tags all-of a',
      'helpfulness >= 0.8',
    ].map(parseFilter);

    assert.deepEqual(observationQueryOf(filters), {
      userId: 'u1',
      sessionId: 's1',
      environment: ['production', 'staging'],
      level: 'ERROR',
      type: 'GENERATION',
      version: 'chat@1',
    });
    assert.deepEqual(observationQueryOf([parseFilter('user in u1,u2')]), {});
    assert.deepEqual(observationQueryOf([parseFilter('environment != production')]), {});
  });

  it('builder applies filters and score thresholds', () => {
    const builder = new AnalyticsBuilder({
      range: { fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 10, 8) },
      timeZone: 'UTC',
      dimensions: [],
      filters: ['tags all-of beta', 'helpfulness >= 0.8'].map(parseFilter),
    });
    builder.addScores([
      score('s1', 't1', 'helpfulness', 0.9),
      score('s2', 't2', 'helpfulness', 0.5),
      score('s3', 't3', 'helpfulness', 0.95),
    ]);
    builder.addPage([
      observation({ id: 'a', traceId: 't1', tags: ['beta'], totalCostUsd: 1 }),
      observation({ id: 'b', traceId: 't1', tags: ['beta'], totalCostUsd: 2 }),
      observation({ id: 'c', traceId: 't2', tags: ['beta'], totalCostUsd: 4 }),
      observation({ id: 'd', traceId: 't3', tags: [], totalCostUsd: 8 }),
    ]);
    const report = builder.build();

    assert.equal(report.observations, 2);
    assert.equal(report.traces, 1);
    assert.equal(report.filteredOutObservations, 2);
    assert.deepEqual(report.filters, ['tags all-of beta', 'helpfulness >= 0.8']);
  });
});

function score(id: string, traceId: string, name: string, value: number) {
  return {
    id,
    name,
    dataType: 'NUMERIC',
    value,
    timestampMs: 0,
    traceId,
    observationId: null,
    source: 'API',
    environment: null,
  };
}
