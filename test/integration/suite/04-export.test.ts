import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExportResult } from '../../../src/export/exportData';
import type { LoadedAnalytics } from '../../../src/extension/data/analyticsService';
import type { TraceInsightTestApi } from '../../../src/extension/testApi';
import { loadFixture } from '../support';
import { activateExtension, waitForData } from './extensionApi';

describe('export', () => {
  const fixture = loadFixture();
  const origin = new URL(fixture.serverUrl).origin;
  let api: TraceInsightTestApi;
  let data: LoadedAnalytics;
  let folder: string;

  before(async () => {
    api = await activateExtension();
    data = await waitForData(api, origin);
    folder = await mkdtemp(join(fixture.runDir, 'exports-'));
  });

  it('traces CSV has a row per trace', async () => {
    const targetPath = join(folder, 'traces.csv');
    const result = await vscode.commands.executeCommand<ExportResult>('traceInsight.export', {
      kind: 'traces',
      format: 'csv',
      targetPath,
    });

    assert.equal(result.rows, data.analytics.report.traces);
    assert.equal(result.observations, data.analytics.report.observations);
    const text = await readFile(targetPath, 'utf8');
    assert.ok(text.startsWith('traceId,traceName,userId,sessionId,startTime,'));
    const traceIds = new Set(
      text
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    );
    assert.equal(traceIds.size, data.analytics.report.traces);
  });

  it('report JSON equals the loaded report', async () => {
    const targetPath = join(folder, 'report.json');
    await vscode.commands.executeCommand('traceInsight.export', {
      kind: 'report',
      format: 'json',
      targetPath,
    });
    assert.deepEqual(JSON.parse(await readFile(targetPath, 'utf8')), data.analytics.report);
  });

  it('observations JSON has every observation', async () => {
    const targetPath = join(folder, 'observations.json');
    const result = await api.exportTo({ kind: 'observations', format: 'json', targetPath });
    const parsed = JSON.parse(await readFile(targetPath, 'utf8')) as unknown[];
    assert.equal(parsed.length, data.analytics.report.observations);
    assert.equal(result.rows, parsed.length);
  });

  it('cancelled export leaves no file', async () => {
    const cancelFolder = await mkdtemp(join(fixture.runDir, 'exports-cancelled-'));
    const controller = new AbortController();
    let progressCalls = 0;

    await assert.rejects(
      api.exportTo(
        { kind: 'observations', format: 'csv', targetPath: join(cancelFolder, 'observations.csv') },
        controller.signal,
        () => {
          progressCalls += 1;
          controller.abort();
        },
      ),
      (error: Error) => error.name === 'AbortError' || /cancel|abort/i.test(error.message),
    );
    assert.equal(progressCalls, 1);
    assert.deepEqual(await readdir(cancelFolder), []);
  });
});
