import type { QualityGroup, ScoreSummary } from '../../../src/analytics/types';
import type { InsightsModel } from './types';
import type { ViewChange } from './controls';
import { count, decimal, el, section, textInput, textTable, usd } from './dom';

/** Score summaries by model, trace name, release and prompt, and cost per quality. */
export function renderQuality(model: InsightsModel, change: ViewChange): HTMLElement {
  const box = section(
    'insight-quality',
    'Scores and cost per quality',
    'Numeric scores: mean; boolean scores: share of true.',
  );
  if (model.scores.length === 0) {
    box.append(el('p', 'muted', 'No scores in the range.'));
  }
  for (const score of model.scores) {
    const details = el('details', 'score');
    details.open = model.scores.length <= 2;
    details.append(
      el(
        'summary',
        undefined,
        `${score.name} (${score.dataType.toLowerCase()}): ${summaryText(score.overall)}`,
      ),
    );
    const rows: string[][] = [];
    const add = (by: string, summaries: readonly ScoreSummary[]) => {
      for (const summary of summaries.slice(0, 10)) {
        rows.push([by, summary.key, count(summary.count), summaryText(summary)]);
      }
    };
    add('model', score.byModel);
    add('trace name', score.byTraceName);
    add('release', score.byRelease);
    add('prompt', score.byPrompt);
    details.append(textTable(['By', 'Group', 'Scores', 'Value'], rows));
    box.append(details);
  }

  box.append(
    textInput(
      'Success threshold',
      'quality-input',
      model.view.quality,
      'helpfulness >= 0.8',
      (quality) => change({ quality }),
    ),
  );
  const quality = model.costPerQuality;
  if (quality) {
    box.append(
      el(
        'p',
        'muted note',
        `Cost per quality; a trace succeeds when ${quality.threshold}. Groups hold whole ` +
          'traces: a trace that used two models or prompts counts in both with its full cost, ' +
          'so rows overlap and do not add up to the total.',
      ),
    );
    const rows: string[][] = [];
    const add = (by: string, groups: readonly QualityGroup[]) => {
      for (const group of groups.slice(0, 10)) {
        rows.push([
          by,
          group.key,
          count(group.traces),
          usd(group.costUsd),
          group.meanCostPerScoreUsd === null ? 'n/a' : usd(group.meanCostPerScoreUsd),
          `${count(group.tracesMeetingThreshold)} of ${count(group.scoredTraces)}`,
          group.costPerSuccessfulTraceUsd === null ? 'n/a' : usd(group.costPerSuccessfulTraceUsd),
        ]);
      }
    };
    add('model', quality.byModel);
    add('prompt', quality.byPrompt);
    add('release', quality.byRelease);
    const table = textTable(
      [
        'By',
        'Group',
        'Traces',
        'Cost of these traces (USD)',
        'Cost / score (USD)',
        'Met threshold',
        'Cost per successful trace (USD)',
      ],
      rows,
    );
    table.id = 'cost-per-quality';
    box.append(table);
  }
  return box;
}

function summaryText(summary: ScoreSummary): string {
  if (summary.mean !== null) {
    return `mean ${decimal(summary.mean)} (min ${decimal(summary.min)}, max ${decimal(summary.max)})`;
  }
  const categories = Object.entries(summary.categories)
    .sort((left, right) => right[1] - left[1])
    .slice(0, 5)
    .map(([category, n]) => `${category} ${count(n)}`);
  return categories.join(', ') || `${count(summary.count)} scores`;
}
