import * as assert from 'node:assert/strict';
import { computeCost, findModelPrice } from '../../src/pricing/modelPrices';
import { Dataset } from '../../src/server/dataset';
import { MAX_OBSERVATION_OFFSET_MS } from '../../src/server/traceBuilder';

const END_MS = Date.UTC(2026, 8, 30);
const OPTIONS = {
  seed: 5,
  observations: 20_000,
  days: 14,
  endMs: END_MS,
  timeZone: 'Europe/Berlin',
};

type Json = Record<string, unknown>;

function allObservations(dataset: Dataset): Json[] {
  return [...dataset.observationsV2(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)];
}

function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-30);
}

describe('generator dataset', () => {
  let dataset: Dataset;
  let observations: Json[];

  before(() => {
    dataset = new Dataset(OPTIONS);
    observations = allObservations(dataset);
  });

  it('dataset has the requested observation count', () => {
    assert.equal(observations.length, 20_000);
    assert.equal(dataset.observationCount, 20_000);
    assert.ok(
      dataset.traceCount > 1000 && dataset.traceCount < 20_000,
      `${dataset.traceCount} traces`,
    );
  });

  it('dataset ids are unique', () => {
    const ids = new Set(observations.map((o) => o.id));
    const traceIds = new Set(observations.map((o) => o.traceId));

    assert.equal(ids.size, observations.length);
    assert.equal(traceIds.size, dataset.traceCount);
  });

  it('same options build identical data', () => {
    const again = allObservations(new Dataset(OPTIONS));

    assert.equal(JSON.stringify(again), JSON.stringify(observations));
  });

  it('other seed builds other data', () => {
    const other = allObservations(new Dataset({ ...OPTIONS, seed: 6, observations: 500 }));

    assert.notEqual(JSON.stringify(other), JSON.stringify(observations.slice(0, 500)));
  });

  it('traces start within the period', () => {
    const periodStartMs = END_MS - 14 * 86_400_000;
    for (let index = 0; index < dataset.traceCount; index++) {
      const startMs = dataset.traceStartMs(index);
      assert.ok(
        startMs >= periodStartMs && startMs < END_MS,
        `trace ${index} starts at ${startMs}`,
      );
      if (index > 0) {
        assert.ok(startMs >= dataset.traceStartMs(index - 1), `trace ${index} is in order`);
      }
    }
  });

  it('observations start within their trace window', () => {
    for (let index = 0; index < dataset.traceCount; index += 7) {
      const trace = dataset.trace(index);
      for (const startMs of trace.observationStartMs) {
        assert.ok(startMs >= trace.header.startMs);
        assert.ok(startMs < trace.header.startMs + MAX_OBSERVATION_OFFSET_MS);
      }
    }
  });

  it('children nest under earlier observations of their trace', () => {
    const byId = new Map(observations.map((o) => [o.id, o]));
    let children = 0;
    let grandchildren = 0;
    for (const observation of observations) {
      if (observation.parentObservationId === null) {
        assert.equal(observation.isRootObservation, true);
        continue;
      }
      const parent = byId.get(observation.parentObservationId) as Json;
      assert.ok(parent, `parent of ${String(observation.id)}`);
      assert.equal(parent.traceId, observation.traceId);
      assert.ok(
        Date.parse(parent.startTime as string) <= Date.parse(observation.startTime as string),
      );
      children++;
      if (parent.parentObservationId !== null) {
        grandchildren++;
      }
    }
    assert.ok(children > 5000);
    assert.ok(grandchildren > 100);
  });

  it('dataset has every observation type', () => {
    const types = new Set(observations.map((o) => o.type));

    for (const type of ['SPAN', 'GENERATION', 'EVENT', 'TOOL', 'RETRIEVER', 'EMBEDDING', 'AGENT']) {
      assert.ok(types.has(type), type);
    }
  });

  it('generation cost equals usage times price', () => {
    let checked = 0;
    for (const observation of observations) {
      if (observation.totalCost === null) {
        continue;
      }
      const usage = observation.usageDetails as Record<string, number>;
      const costs = observation.costDetails as Record<string, number>;
      const model = findModelPrice(observation.providedModelName as string);
      assert.ok(model, String(observation.providedModelName));
      const tier = model.pricingTiers.find((t) => t.name === observation.usagePricingTierName);
      assert.ok(tier, String(observation.usagePricingTierName));

      let sum = 0;
      for (const [key, cost] of Object.entries(costs)) {
        assert.equal(cost, (usage[key] as number) * (tier.prices[key] as number), key);
        sum += cost;
      }
      assert.ok(relativeDifference(observation.totalCost as number, sum) < 1e-12);
      checked++;
    }
    assert.ok(checked > 3000, `${checked} priced generations`);
  });

  it('unpriced model has no cost', () => {
    const unpriced = observations.filter((o) => o.providedModelName === 'llama-3.1-70b-instruct');

    assert.ok(unpriced.length > 50);
    for (const observation of unpriced) {
      assert.equal(observation.totalCost, null);
      assert.deepEqual(observation.costDetails, {});
      assert.equal(observation.modelId, null);
      assert.ok(Object.keys(observation.usageDetails as Json).length > 0);
    }
  });

  it('usage has cached, reasoning and no-total cases', () => {
    const usages = observations.map((o) => o.usageDetails as Record<string, number>);
    const generations = observations.filter((o) => o.type === 'GENERATION');

    assert.ok(usages.some((u) => u.input_cached_tokens !== undefined));
    assert.ok(usages.some((u) => u.cache_read_input_tokens !== undefined));
    assert.ok(usages.some((u) => u.output_reasoning_tokens !== undefined));
    assert.ok(generations.some((o) => (o.usageDetails as Json).total === undefined));
    for (const usage of usages) {
      for (const units of Object.values(usage)) {
        assert.ok(Number.isInteger(units), `${units} is not an integer`);
        assert.ok(units >= 0, `${units} is negative`);
      }
    }
  });

  it('pricing tiers beyond the default occur', () => {
    const tiers = new Set(observations.map((o) => o.usagePricingTierName));

    assert.ok(tiers.has('Standard'));
    assert.ok(tiers.has('Fast mode'));
    assert.ok(tiers.has('Large Context'));
  });

  it('errors occur inside successful traces', () => {
    const roots = new Map(
      observations.filter((o) => o.parentObservationId === null).map((o) => [o.traceId, o]),
    );
    const errors = observations.filter((o) => o.level === 'ERROR');
    const insideOkTraces = errors.filter((o) => (roots.get(o.traceId) as Json).level !== 'ERROR');

    assert.ok(errors.length > 100);
    assert.ok(insideOkTraces.length > 50);
    assert.ok(observations.some((o) => o.level === 'WARNING'));
    assert.ok(observations.some((o) => o.level === 'DEBUG'));
  });

  it('some observations have not ended', () => {
    const unended = observations.filter((o) => o.endTime === null);

    assert.ok(unended.length > 0);
    for (const observation of unended) {
      assert.equal(observation.latency, null);
    }
  });

  it('generations carry prompts and timing', () => {
    const generations = observations.filter((o) => o.type === 'GENERATION');

    assert.ok(generations.every((o) => typeof o.promptName === 'string'));
    assert.ok(generations.every((o) => Number.isInteger(o.promptVersion)));
    assert.ok(generations.every((o) => typeof o.timeToFirstToken === 'number'));
    const names = new Set(generations.map((o) => o.providedModelName));
    assert.ok(names.size >= 8, `${names.size} generation models`);
  });

  it('trace attributes repeat over observations', () => {
    const users = new Set(observations.map((o) => o.userId));
    const sessions = new Set(observations.map((o) => o.sessionId));
    const environments = new Set(observations.map((o) => o.environment));
    const traceNames = new Set(observations.map((o) => o.traceName));

    assert.ok(users.size > 20);
    assert.ok(users.size < dataset.traceCount);
    assert.ok(sessions.size > users.size);
    assert.ok(sessions.size < dataset.traceCount);
    assert.deepEqual([...environments].sort(), ['production', 'staging']);
    assert.ok(traceNames.has('chat-answer'));
    assert.ok(traceNames.has('rag-search'));
  });

  it('traffic peaks in local working hours', () => {
    const localHour = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Europe/Berlin',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    let workingHours = 0;
    let night = 0;
    for (let index = 0; index < dataset.traceCount; index++) {
      const hour = Number(localHour.format(dataset.traceStartMs(index)));
      if (hour >= 9 && hour < 17) {
        workingHours++;
      } else if (hour >= 0 && hour < 6) {
        night++;
      }
    }
    // Working hours weigh about 1 and night hours under 0.15, over 8 and 6 hours.
    assert.ok(workingHours > 5 * night, `${workingHours} working-hour traces, ${night} at night`);
  });

  it('traceIndexOfId finds generated ids only', () => {
    const trace = dataset.trace(123);

    assert.equal(dataset.traceIndexOfId(trace.header.id), 123);
    assert.equal(dataset.traceIndexOfId('0'.repeat(32)), -1);
    assert.equal(dataset.traceIndexOfId('not-an-id'), -1);
  });

  it('invalid options raise errors', () => {
    assert.throws(
      () => new Dataset({ ...OPTIONS, timeZone: 'Mars/Olympus' }),
      /Invalid time zone "Mars\/Olympus"/,
    );
    assert.throws(() => new Dataset({ ...OPTIONS, observations: 0 }), /Invalid observations 0/);
    assert.throws(() => new Dataset({ ...OPTIONS, days: 0 }), /Invalid days 0/);
    assert.throws(() => new Dataset({ ...OPTIONS, seed: 1.5 }), /Invalid seed 1.5/);
  });

  it('tiny dataset has one trace', () => {
    const tiny = new Dataset({ ...OPTIONS, observations: 1 });

    assert.equal(tiny.traceCount, 1);
    assert.equal(allObservations(tiny).length, 1);
  });
});

describe('generator pricing', () => {
  it('gpt-4o cost by hand', () => {
    const model = findModelPrice('gpt-4o');
    assert.ok(model);
    const usageDetails = { input: 1000, input_cached_tokens: 200, output: 100, total: 1300 };

    const result = computeCost(model, { usageDetails });

    // 1000 x $2.50/M + 200 x $1.25/M + 100 x $10/M; gpt-4o has no price for `total`.
    assert.equal(result.tier.name, 'Standard');
    assert.deepEqual(Object.keys(result.costDetails), ['input', 'input_cached_tokens', 'output']);
    assert.ok(relativeDifference(result.totalCostUsd, 0.0025 + 0.00025 + 0.001) < 1e-12);
  });

  it('gpt-4o priority tier by hand', () => {
    const model = findModelPrice('gpt-4o');
    assert.ok(model);
    const usageDetails = { input: 1000, input_cached_tokens: 200, output: 100 };

    const result = computeCost(model, {
      usageDetails,
      modelParameters: { service_tier: 'priority' },
    });

    // 1000 x $4.25/M + 200 x $2.125/M + 100 x $17/M.
    assert.equal(result.tier.name, 'Fast mode');
    assert.ok(relativeDifference(result.totalCostUsd, 0.00425 + 0.000425 + 0.0017) < 1e-12);
  });

  it('gemini-2.5-pro large context tier by hand', () => {
    const model = findModelPrice('gemini-2.5-pro');
    assert.ok(model);

    const small = computeCost(model, { usageDetails: { input: 200_000, output: 10 } });
    const large = computeCost(model, { usageDetails: { input: 200_001, output: 10 } });

    // The tier needs more than 200,000 input units; then input costs $2.50/M and output $15/M.
    assert.equal(small.tier.name, 'Standard');
    assert.equal(large.tier.name, 'Large Context');
    assert.ok(relativeDifference(large.totalCostUsd, 200_001 * 0.0000025 + 10 * 0.000015) < 1e-12);
  });

  it('embedding is priced on total', () => {
    const model = findModelPrice('text-embedding-3-small');
    assert.ok(model);

    const result = computeCost(model, { usageDetails: { input: 500, total: 500 } });

    assert.deepEqual(result.costDetails, { total: 500 * 2e-8 });
  });

  it('findModelPrice applies match patterns', () => {
    assert.equal(
      findModelPrice('claude-3-5-sonnet-20241022')?.modelName,
      'claude-3.5-sonnet-20241022',
    );
    assert.equal(findModelPrice('OpenAI/GPT-4o')?.modelName, 'gpt-4o');
    assert.equal(findModelPrice('llama-3.1-70b-instruct'), undefined);
  });
});
