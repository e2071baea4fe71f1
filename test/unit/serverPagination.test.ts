import * as assert from 'node:assert/strict';
import { Dataset } from '../../src/server/dataset';
import { RunningServer, startServer } from '../../src/server/server';
import { MAX_OBSERVATION_OFFSET_MS } from '../../src/server/traceBuilder';

const END_MS = Date.UTC(2026, 5, 15, 12);
const DATA = {
  seed: 11,
  observations: 20_000,
  days: 10,
  endMs: END_MS,
  timeZone: 'America/New_York',
};
const AUTH = `Basic ${Buffer.from('pk-lf-local:sk-lf-local').toString('base64')}`;

type Json = Record<string, unknown>;

async function fetchText(server: RunningServer, apiPath: string, params: Record<string, string>) {
  const url = new URL(apiPath, server.url);
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  const response = await fetch(url, { headers: { authorization: AUTH } });
  assert.equal(response.status, 200, `${apiPath} ${url.search}`);
  return response.text();
}

/** Walks v2 observations by cursor and returns every page body as sent. */
async function walkV2(server: RunningServer, params: Record<string, string>): Promise<string[]> {
  const pages: string[] = [];
  let cursor: string | undefined;
  do {
    const text = await fetchText(server, '/api/public/v2/observations', {
      ...params,
      ...(cursor ? { cursor } : {}),
    });
    pages.push(text);
    cursor = (JSON.parse(text) as { meta: { cursor?: string } }).meta.cursor;
  } while (cursor);
  return pages;
}

function idsOf(pages: string[]): string[] {
  return pages.flatMap((page) =>
    (JSON.parse(page) as { data: Json[] }).data.map((o) => o.id as string),
  );
}

describe('local server pagination', () => {
  let server: RunningServer;
  let dataset: Dataset;

  before(async () => {
    server = await startServer({ data: DATA });
    dataset = server.dataset;
  });

  after(async () => {
    await server.close();
  });

  it('cursor walk returns every observation once', async () => {
    const pages = await walkV2(server, { limit: '1000' });
    const ids = idsOf(pages);

    assert.equal(pages.length, 20);
    assert.equal(ids.length, 20_000);
    assert.equal(new Set(ids).size, 20_000);
  });

  it('full last page has no cursor', async () => {
    const pages = await walkV2(server, { limit: '500' });
    const last = JSON.parse(pages[pages.length - 1] as string) as { data: Json[]; meta: Json };

    assert.equal(pages.length, 40);
    assert.equal(last.data.length, 500);
    assert.deepEqual(last.meta, {});
  });

  it('range walk matches v1 count and dataset', async () => {
    const fromMs = END_MS - 4 * 86_400_000 + 123_456;
    const toMs = END_MS - 2 * 86_400_000 + 789;
    const range = {
      fromStartTime: new Date(fromMs).toISOString(),
      toStartTime: new Date(toMs).toISOString(),
    };

    const ids = idsOf(await walkV2(server, { ...range, limit: '700' }));
    const v1 = JSON.parse(
      await fetchText(server, '/api/public/observations', { ...range, limit: '100' }),
    ) as {
      meta: { totalItems: number };
    };
    const expected = [...dataset.observationsV2(fromMs, toMs)];

    assert.ok(expected.length > 3000, 'a range with thousands of observations');
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(v1.meta.totalItems, expected.length);
    assert.deepEqual(
      ids,
      expected.map((o) => o.id),
    );
    for (const observation of expected) {
      const startMs = Date.parse(observation.startTime as string);
      assert.ok(startMs >= fromMs && startMs < toMs);
    }
  });

  it('v1 pages together equal the v2 walk', async () => {
    const fromMs = END_MS - 86_400_000;
    const range = {
      fromStartTime: new Date(fromMs).toISOString(),
      toStartTime: new Date(END_MS).toISOString(),
    };
    const v2Ids = idsOf(await walkV2(server, { ...range, limit: '1000' }));

    const v1Ids: string[] = [];
    let totalPages = 1;
    for (let page = 1; page <= totalPages; page++) {
      const body = JSON.parse(
        await fetchText(server, '/api/public/observations', {
          ...range,
          limit: '100',
          page: String(page),
        }),
      ) as { data: Json[]; meta: { totalPages: number } };
      totalPages = body.meta.totalPages;
      v1Ids.push(...body.data.map((o) => o.id as string));
    }

    assert.ok(v2Ids.length > 100);
    assert.deepEqual(v1Ids, v2Ids);
  });

  it('v1 filtered count matches the filtered walk', async () => {
    const params = { type: 'GENERATION', environment: 'staging' };
    const v2Ids = idsOf(await walkV2(server, { ...params, limit: '1000' }));
    const v1 = JSON.parse(
      await fetchText(server, '/api/public/observations', { ...params, limit: '100' }),
    ) as {
      meta: { totalItems: number };
    };

    assert.ok(v2Ids.length > 0);
    assert.equal(v1.meta.totalItems, v2Ids.length);
  });

  it('range is half-open on start time', async () => {
    const sample = [...dataset.observationsV2(END_MS - 86_400_000, END_MS)][500] as Json;
    const startTime = sample.startTime as string;
    const startMs = Date.parse(startTime);

    const endingAt = idsOf(
      await walkV2(server, {
        fromStartTime: new Date(startMs - 60_000).toISOString(),
        toStartTime: startTime,
        limit: '1000',
      }),
    );
    const startingAt = idsOf(
      await walkV2(server, {
        fromStartTime: startTime,
        toStartTime: new Date(startMs + 60_000).toISOString(),
        limit: '1000',
      }),
    );

    assert.ok(!endingAt.includes(sample.id as string), 'excluded at toStartTime');
    assert.ok(startingAt.includes(sample.id as string), 'included at fromStartTime');
  });

  it('range includes children of earlier traces', async () => {
    // Find a trace that starts before `from` while some of its observations start after it.
    let found: { fromMs: number; childId: string; traceId: string } | null = null;
    for (let index = dataset.traceCount - 1; index >= 0 && !found; index--) {
      const trace = dataset.trace(index);
      const rootStartMs = trace.header.startMs;
      const lastStartMs =
        trace.observationStartMs[trace.observationStartMs.length - 1] ?? rootStartMs;
      if (lastStartMs - rootStartMs >= 2) {
        const child = trace.observations[trace.observations.length - 1] as Json;
        found = { fromMs: rootStartMs + 1, childId: child.id as string, traceId: trace.header.id };
      }
    }
    assert.ok(found, 'a trace whose last observation starts after its first');

    const ids = idsOf(
      await walkV2(server, {
        fromStartTime: new Date(found.fromMs).toISOString(),
        toStartTime: new Date(found.fromMs + MAX_OBSERVATION_OFFSET_MS).toISOString(),
        limit: '1000',
      }),
    );
    assert.ok(ids.includes(found.childId));
  });

  it('scores cursor walk returns every score once', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const body = JSON.parse(
        await fetchText(server, '/api/public/v3/scores', {
          limit: '100',
          ...(cursor ? { cursor } : {}),
        }),
      ) as { data: Json[]; meta: { cursor?: string } };
      ids.push(...body.data.map((score) => score.id as string));
      cursor = body.meta.cursor;
    } while (cursor);

    const expected = [...dataset.scoresV3(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)];
    assert.ok(expected.length > 500);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(
      ids,
      expected.map((score) => score.id),
    );
  });
});

describe('local server determinism', () => {
  it('same seed sends identical pages', async () => {
    const first = await startServer({ data: { ...DATA, observations: 5000 } });
    const second = await startServer({ data: { ...DATA, observations: 5000 } });
    try {
      const params = {
        limit: '1000',
        fields: 'core,basic,time,io,metadata,model,usage,prompt,metrics,trace_context',
      };
      const firstPages = await walkV2(first, params);
      const secondPages = await walkV2(second, params);

      assert.equal(firstPages.length, 5);
      assert.deepEqual(secondPages, firstPages);
      assert.equal(
        await fetchText(second, '/api/public/v3/scores', {
          limit: '100',
          fields: 'details,subject',
        }),
        await fetchText(first, '/api/public/v3/scores', {
          limit: '100',
          fields: 'details,subject',
        }),
      );
      assert.equal(
        await fetchText(second, '/api/public/traces', { limit: '100' }),
        await fetchText(first, '/api/public/traces', { limit: '100' }),
      );
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('other seed sends other pages', async () => {
    const first = await startServer({ data: { ...DATA, observations: 2000 } });
    const second = await startServer({ data: { ...DATA, observations: 2000, seed: 12 } });
    try {
      const params = { limit: '100' };
      assert.notEqual(
        await fetchText(second, '/api/public/v2/observations', params),
        await fetchText(first, '/api/public/v2/observations', params),
      );
    } finally {
      await first.close();
      await second.close();
    }
  });
});
