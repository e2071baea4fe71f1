import * as assert from 'node:assert/strict';
import { RunningServer, startServer } from '../../src/server/server';
import { OBSERVATION_FIELD_GROUPS } from '../../src/server/fieldGroups';
import { findModelPrice } from '../../src/pricing/modelPrices';
import { assertMatchesSpec, responseErrors } from '../support/openapi';

const END_MS = Date.UTC(2026, 10, 2);
const DATA = { seed: 7, observations: 6000, days: 7, endMs: END_MS, timeZone: 'Europe/Berlin' };

interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

type Json = Record<string, unknown>;

async function get(
  server: RunningServer,
  apiPath: string,
  params: Record<string, string | string[]> = {},
  keys: { publicKey: string; secretKey: string } | null = server,
): Promise<ApiResponse> {
  const url = new URL(apiPath, server.url);
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      url.searchParams.append(name, item);
    }
  }
  const headers: Record<string, string> = {};
  if (keys) {
    const token = Buffer.from(`${keys.publicKey}:${keys.secretKey}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  }
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

function dataOf(body: unknown): Json[] {
  return (body as { data: Json[] }).data;
}

function metaOf(body: unknown): Json {
  return (body as { meta: Json }).meta;
}

function expectedV2Keys(groups: string[]): string[] {
  const keys = new Set<string>(OBSERVATION_FIELD_GROUPS.core);
  for (const group of groups) {
    for (const key of OBSERVATION_FIELD_GROUPS[group] ?? []) {
      keys.add(key);
    }
  }
  for (const key of ['modelId', 'inputPrice', 'outputPrice', 'totalPrice']) {
    keys.add(key);
  }
  return [...keys].sort();
}

describe('local server endpoints', () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer({ data: DATA });
  });

  after(async () => {
    await server.close();
  });

  it('health answers without auth', async () => {
    const response = await get(server, '/api/public/health', {}, null);

    assert.equal(response.status, 200);
    assertMatchesSpec('/api/public/health', 200, response.body);
    assert.equal((response.body as Json).status, 'OK');
  });

  it('v2 observations default to core and basic', async () => {
    const response = await get(server, '/api/public/v2/observations', { limit: '20' });

    assert.equal(response.status, 200);
    assertMatchesSpec('/api/public/v2/observations', 200, response.body);
    const data = dataOf(response.body);
    assert.equal(data.length, 20);
    for (const observation of data) {
      assert.deepEqual(Object.keys(observation).sort(), expectedV2Keys(['basic']));
      assert.equal(observation.modelId, null);
    }
  });

  const groupCombinations = [
    ['basic', 'usage', 'model'],
    ['time', 'io', 'metadata'],
    ['prompt', 'metrics', 'trace_context'],
    Object.keys(OBSERVATION_FIELD_GROUPS),
  ];
  for (const groups of groupCombinations) {
    it(`v2 observations with fields ${groups.join(',')} over 3 pages`, async () => {
      let cursor: string | undefined;
      for (let page = 0; page < 3; page++) {
        const params: Record<string, string> = { limit: '250', fields: groups.join(',') };
        if (cursor) {
          params.cursor = cursor;
        }
        const response = await get(server, '/api/public/v2/observations', params);

        assert.equal(response.status, 200);
        assertMatchesSpec('/api/public/v2/observations', 200, response.body);
        const data = dataOf(response.body);
        assert.equal(data.length, 250);
        for (const observation of data) {
          assert.deepEqual(Object.keys(observation).sort(), expectedV2Keys(groups));
        }
        cursor = metaOf(response.body).cursor as string;
        assert.equal(typeof cursor, 'string');
      }
    });
  }

  it('v2 model group sends prices as decimal strings', async () => {
    const response = await get(server, '/api/public/v2/observations', {
      limit: '1000',
      fields: 'model,usage',
      type: 'GENERATION',
    });

    const priced = dataOf(response.body).find((o) => o.providedModelName === 'gpt-4o-mini');
    assert.ok(priced, 'a gpt-4o-mini generation on the first page');
    assert.equal(priced.inputPrice, '0.00000015');
    assert.equal(priced.outputPrice, '0.0000006');
    assert.equal(priced.totalPrice, null);
    assert.equal(priced.modelId, findModelPrice('gpt-4o-mini')?.id);
  });

  it('v2 observations reject bad parameters', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ fields: 'core,costs' }, /Invalid field group "costs"/],
      [{ limit: '1001' }, /Invalid limit "1001"/],
      [{ limit: '0' }, /Invalid limit "0"/],
      [{ cursor: 'not-a-cursor' }, /Invalid cursor/],
      [{ fromStartTime: 'yesterday' }, /Invalid fromStartTime "yesterday"/],
      [{ parseIoAsJson: 'true' }, /parseIoAsJson/],
      [{ filter: '[]' }, /filter parameter is not supported/],
    ];
    for (const [params, message] of cases) {
      const response = await get(server, '/api/public/v2/observations', params);
      assert.equal(response.status, 400, JSON.stringify(params));
      assert.match(String((response.body as Json).message), message);
    }
  });

  it('v2 observations accept limit 1000', async () => {
    const response = await get(server, '/api/public/v2/observations', { limit: '1000' });

    assert.equal(response.status, 200);
    assert.equal(dataOf(response.body).length, 1000);
  });

  it('v2 filters select matching observations', async () => {
    const all = dataOf((await get(server, '/api/public/v2/observations', { limit: '1000' })).body);
    const sample = all[37] as Json;

    const checks: [Record<string, string | string[]>, (o: Json) => boolean][] = [
      [{ type: 'GENERATION' }, (o) => o.type === 'GENERATION'],
      [{ level: 'ERROR' }, (o) => o.level === 'ERROR'],
      [{ name: 'vector-search' }, (o) => o.name === 'vector-search'],
      [{ userId: sample.userId as string }, (o) => o.userId === sample.userId],
      [{ sessionId: sample.sessionId as string }, (o) => o.sessionId === sample.sessionId],
      [{ traceId: sample.traceId as string }, (o) => o.traceId === sample.traceId],
      [{ environment: ['staging'] }, (o) => o.environment === 'staging'],
      [{ environment: ['staging', 'production'] }, () => true],
      [{ version: sample.version as string }, (o) => o.version === sample.version],
      [{ isRootObservation: 'true' }, (o) => o.parentObservationId === null],
      [{ parentObservationId: '' }, (o) => o.parentObservationId === null],
    ];
    for (const [params, predicate] of checks) {
      const response = await get(server, '/api/public/v2/observations', {
        ...params,
        limit: '1000',
      });
      const data = dataOf(response.body);
      const expected = all.filter(predicate);
      assert.ok(data.length > 0, `some match for ${JSON.stringify(params)}`);
      assert.ok(data.every(predicate), `only matches for ${JSON.stringify(params)}`);
      // The unfiltered first page is a prefix of the stream, so its matches lead the filtered page.
      assert.deepEqual(
        data.slice(0, expected.length).map((o) => o.id),
        expected.map((o) => o.id).slice(0, data.length),
        `order for ${JSON.stringify(params)}`,
      );
    }
  });

  it('v1 observations pages match the spec', async () => {
    for (const page of ['1', '2', '3']) {
      const response = await get(server, '/api/public/observations', { page, limit: '100' });

      assert.equal(response.status, 200);
      assertMatchesSpec('/api/public/observations', 200, response.body);
      assert.equal(dataOf(response.body).length, 100);
      assert.deepEqual(metaOf(response.body), {
        page: Number(page),
        limit: 100,
        totalItems: 6000,
        totalPages: 60,
      });
    }
  });

  it('v1 observations reject limit above 100', async () => {
    const response = await get(server, '/api/public/observations', { limit: '101' });

    assert.equal(response.status, 400);
    assert.match(String((response.body as Json).message), /Invalid limit "101"/);
  });

  it('v1 observation matches its v2 form', async () => {
    const v1 = dataOf((await get(server, '/api/public/observations', { limit: '100' })).body);
    const v2 = dataOf(
      (
        await get(server, '/api/public/v2/observations', {
          limit: '100',
          fields: Object.keys(OBSERVATION_FIELD_GROUPS).join(','),
        })
      ).body,
    );

    const generation = v2.find((o) => o.type === 'GENERATION' && o.totalCost !== null) as Json;
    const view = v1.find((o) => o.id === generation.id) as Json;
    assert.equal(view.model, generation.providedModelName);
    assert.deepEqual(view.usageDetails, generation.usageDetails);
    assert.deepEqual(view.costDetails, generation.costDetails);
    assert.equal(view.calculatedTotalCost, generation.totalCost);
    assert.equal(view.inputPrice, Number(generation.inputPrice));
    assert.equal(view.latency, generation.latency);
  });

  it('traces pages match the spec', async () => {
    const first = await get(server, '/api/public/traces', { page: '1', limit: '50' });
    const second = await get(server, '/api/public/traces', { page: '2', limit: '50' });

    for (const response of [first, second]) {
      assert.equal(response.status, 200);
      assertMatchesSpec('/api/public/traces', 200, response.body);
      assert.equal(dataOf(response.body).length, 50);
    }
    const traceCount = server.dataset.traceCount;
    assert.deepEqual(metaOf(first.body), {
      page: 1,
      limit: 50,
      totalItems: traceCount,
      totalPages: Math.ceil(traceCount / 50),
    });
    // Newest first, as Langfuse sorts by default.
    const timestamps = dataOf(first.body).map((trace) => Date.parse(trace.timestamp as string));
    assert.deepEqual(
      timestamps,
      [...timestamps].sort((a, b) => b - a),
    );
  });

  it('trace totals add up its observations', async () => {
    const trace = dataOf((await get(server, '/api/public/traces', { limit: '1' })).body)[0] as Json;
    const observations = dataOf(
      (
        await get(server, '/api/public/v2/observations', {
          traceId: trace.id as string,
          fields: 'usage',
        })
      ).body,
    );

    assert.deepEqual(
      observations.map((o) => o.id),
      trace.observations,
    );
    const costs = observations.map((o) => o.totalCost).filter((c): c is number => c !== null);
    const expectedCost = costs.length === 0 ? null : costs.reduce((sum, cost) => sum + cost, 0);
    assert.equal(trace.totalCost, expectedCost);
  });

  it('traces filter by tags and user', async () => {
    const response = await get(server, '/api/public/traces', { tags: ['rag'], limit: '100' });
    const data = dataOf(response.body);
    assert.ok(data.length > 0);
    assert.ok(data.every((trace) => (trace.tags as string[]).includes('rag')));

    const userId = (data[0] as Json).userId as string;
    const byUser = dataOf((await get(server, '/api/public/traces', { userId, limit: '100' })).body);
    assert.ok(byUser.length > 0);
    assert.ok(byUser.every((trace) => trace.userId === userId));
  });

  it('v3 scores pages match the spec', async () => {
    let cursor: string | undefined;
    const dataTypes = new Set<unknown>();
    for (let page = 0; page < 3; page++) {
      const params: Record<string, string> = { limit: '100', fields: 'details,subject,annotation' };
      if (cursor) {
        params.cursor = cursor;
      }
      const response = await get(server, '/api/public/v3/scores', params);

      assert.equal(response.status, 200);
      assertMatchesSpec('/api/public/v3/scores', 200, response.body);
      assert.equal(dataOf(response.body).length, 100);
      for (const score of dataOf(response.body)) {
        dataTypes.add(score.dataType);
      }
      cursor = metaOf(response.body).cursor as string;
    }
    assert.deepEqual([...dataTypes].sort(), ['BOOLEAN', 'CATEGORICAL', 'NUMERIC']);
  });

  it('v3 scores return only the core fields by default', async () => {
    const response = await get(server, '/api/public/v3/scores', { limit: '5' });

    assertMatchesSpec('/api/public/v3/scores', 200, response.body);
    for (const score of dataOf(response.body)) {
      assert.deepEqual(Object.keys(score).sort(), [
        'createdAt',
        'dataType',
        'environment',
        'id',
        'name',
        'projectId',
        'source',
        'timestamp',
        'updatedAt',
        'value',
      ]);
    }
  });

  it('v3 scores filter by name and data type', async () => {
    const byName = dataOf(
      (await get(server, '/api/public/v3/scores', { name: 'correct', limit: '100' })).body,
    );
    assert.ok(byName.length > 0);
    assert.ok(
      byName.every((score) => score.name === 'correct' && typeof score.value === 'boolean'),
    );

    const byType = dataOf(
      (await get(server, '/api/public/v3/scores', { dataType: 'numeric', limit: '100' })).body,
    );
    assert.ok(byType.length > 0);
    assert.ok(
      byType.every((score) => score.dataType === 'NUMERIC' && typeof score.value === 'number'),
    );
  });

  it('v3 scores reject bad parameters', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ limit: '101' }, /Invalid limit "101"/],
      [{ fields: 'details,votes' }, /Invalid field group "votes"/],
      [{ observationId: 'abc' }, /needs traceId/],
      [{ valueMin: '0.5' }, /valueMin parameter is not supported/],
    ];
    for (const [params, message] of cases) {
      const response = await get(server, '/api/public/v3/scores', params);
      assert.equal(response.status, 400, JSON.stringify(params));
      assert.match(String((response.body as Json).message), message);
    }
  });

  it("projects name the key's project", async () => {
    const response = await get(server, '/api/public/projects');

    assert.equal(response.status, 200);
    assertMatchesSpec('/api/public/projects', 200, response.body);
    assert.equal(dataOf(response.body)[0]?.id, 'local-project');
  });

  it('models list the priced models', async () => {
    const response = await get(server, '/api/public/models');

    assert.equal(response.status, 200);
    assertMatchesSpec('/api/public/models', 200, response.body);
    const models = dataOf(response.body);
    assert.equal(models.length, 8);
    const gpt4o = models.find((model) => model.modelName === 'gpt-4o') as Json;
    assert.equal(gpt4o.inputPrice, 0.0000025);
    assert.equal(gpt4o.outputPrice, 0.00001);
    assert.deepEqual((gpt4o.prices as Json).input, { price: 0.0000025 });
    assert.equal((gpt4o.pricingTiers as unknown[]).length, 2);
    assert.deepEqual(metaOf(response.body), { page: 1, limit: 50, totalItems: 8, totalPages: 1 });
  });

  it('auth rejects missing and wrong keys', async () => {
    const paths = [
      '/api/public/v2/observations',
      '/api/public/observations',
      '/api/public/traces',
      '/api/public/v3/scores',
      '/api/public/models',
    ];
    const wrongKeys = [null, { publicKey: 'pk-lf-local', secretKey: 'sk-wrong' }];
    for (const apiPath of paths) {
      for (const keys of wrongKeys) {
        const response = await get(server, apiPath, {}, keys);
        assert.equal(response.status, 401, apiPath);
        assert.match(String((response.body as Json).message), /Invalid credentials/);
      }
    }
  });

  it('unknown paths answer 404', async () => {
    for (const apiPath of ['/api/public/nothing', '/api/public/v2/nothing', '/']) {
      const response = await get(server, apiPath);
      assert.equal(response.status, 404, apiPath);
      assert.match(String((response.body as Json).message), /Not found/);
    }
  });

  it('requestLog records each request', async () => {
    const before = server.requestLog.length;
    await get(server, '/api/public/models', { page: '1' });

    assert.deepEqual(server.requestLog.slice(before), [
      { method: 'GET', path: '/api/public/models', query: 'page=1', status: 200 },
    ]);
  });
});

describe('local server options', () => {
  it('custom keys replace the defaults', async () => {
    const server = await startServer({ data: DATA, publicKey: 'pk-test', secretKey: 'sk-test' });
    try {
      const rejected = await get(
        server,
        '/api/public/models',
        {},
        { publicKey: 'pk-lf-local', secretKey: 'sk-lf-local' },
      );
      const accepted = await get(server, '/api/public/models');

      assert.equal(rejected.status, 401);
      assert.equal(accepted.status, 200);
    } finally {
      await server.close();
    }
  });

  it('v1-only mode hides v2 observations and v3 scores', async () => {
    const server = await startServer({ data: DATA, v1Only: true });
    try {
      for (const apiPath of [
        '/api/public/v2/observations',
        '/api/public/v3/scores',
        '/api/public/v2/metrics',
      ]) {
        const response = await get(server, apiPath);
        assert.equal(response.status, 404, apiPath);
      }
      for (const apiPath of [
        '/api/public/observations',
        '/api/public/traces',
        '/api/public/health',
      ]) {
        const response = await get(server, apiPath);
        assert.equal(response.status, 200, apiPath);
      }
    } finally {
      await server.close();
    }
  });
});

describe('openapi validator', () => {
  let validPage: Json;

  before(async () => {
    const server = await startServer({ data: DATA });
    try {
      const response = await get(server, '/api/public/v2/observations', {
        limit: '1',
        fields: 'basic,usage',
        type: 'GENERATION',
      });
      validPage = response.body as Json;
    } finally {
      await server.close();
    }
  });

  function broken(change: (observation: Json) => void): Json {
    const copy = structuredClone(validPage);
    change(dataOf(copy)[0] as Json);
    return copy;
  }

  it('accepts the unchanged page', () => {
    assert.deepEqual(responseErrors('/api/public/v2/observations', 200, validPage), []);
  });

  const breakages: [string, (observation: Json) => void, string][] = [
    ['a date that is not a date-time', (o) => (o.startTime = 'yesterday'), '/data/0/startTime'],
    ['an unknown level', (o) => (o.level = 'FATAL'), '/data/0/level'],
    [
      'fractional usage',
      (o) => ((o.usageDetails as Json).input = 1.5),
      '/data/0/usageDetails/input',
    ],
    ['a missing projectId', (o) => delete o.projectId, '/data/0'],
    ['a string totalCost', (o) => (o.totalCost = '0.01'), '/data/0/totalCost'],
  ];
  for (const [name, change, instancePath] of breakages) {
    it(`rejects ${name}`, () => {
      const errors = responseErrors('/api/public/v2/observations', 200, broken(change));
      assert.ok(
        errors.some((error) => error.instancePath === instancePath),
        `an error at ${instancePath}, got ${JSON.stringify(errors.map((e) => e.instancePath))}`,
      );
    });
  }

  it('rejects a NUMERIC score with a string value', () => {
    const score = {
      id: 's1',
      projectId: 'p',
      name: 'helpfulness',
      source: 'EVAL',
      timestamp: '2026-01-01T00:00:00.000Z',
      environment: 'production',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      dataType: 'NUMERIC',
      value: 0.5,
    };
    const valid = { data: [score], meta: { limit: 50 } };
    const invalid = { data: [{ ...score, value: 'high' }], meta: { limit: 50 } };

    assert.deepEqual(responseErrors('/api/public/v3/scores', 200, valid), []);
    assert.notDeepEqual(responseErrors('/api/public/v3/scores', 200, invalid), []);
  });
});
