import { roundCostUsd } from '../metrics/compensatedSum';
import { MISSING_KEYS } from './dimensions';
import { compare, type ComparisonOperator } from './filters';
import type { ScoreEntry, ScoreIndex } from './scoreIndex';
import type { TraceRecord } from './traceRecord';
import type { CostPerQuality, QualityGroup, ScoreAnalysis, ScoreSummary } from './types';

export interface QualityOptions {
  scoreName: string;
  operator: ComparisonOperator;
  threshold: number;
}

/** Parses `helpfulness>=0.8` into the score and threshold that define a successful trace. */
export function parseQuality(text: string): QualityOptions {
  const match = /^\s*(.+?)\s*(>=|<=|!=|=|>|<)\s*(-?[\d.]+(?:e-?\d+)?)\s*$/i.exec(text);
  if (!match || !Number.isFinite(Number(match[3]))) {
    throw new RangeError(
      `Invalid quality threshold "${text}": write <score> <operator> <number>, ` +
        'for example helpfulness>=0.8.',
    );
  }
  return {
    scoreName: match[1] as string,
    operator: match[2] as ComparisonOperator,
    threshold: Number(match[3]),
  };
}

type ScoredObservations = ReadonlyMap<string, { model: string | null; prompt: string | null }>;

/**
 * Summarises every score name overall and by model, trace name, release and prompt. A trace
 * score counts for every model and prompt its trace used, and an observation score counts for its
 * observation's model and prompt. Scores of traces outside the filtered data are skipped.
 */
export function analyseScores(
  scores: ScoreIndex,
  traces: ReadonlyMap<string, TraceRecord>,
  scoredObservations: ScoredObservations,
): ScoreAnalysis[] {
  const byName = new Map<string, ScoreEntry[]>();
  for (const entry of scores.entries) {
    if (!traces.has(entry.traceId)) {
      continue;
    }
    const list = byName.get(entry.name);
    if (list === undefined) {
      byName.set(entry.name, [entry]);
    } else {
      list.push(entry);
    }
  }

  const result: ScoreAnalysis[] = [];
  for (const [name, entries] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const groups = {
      model: new Map<string, ScoreEntry[]>(),
      traceName: new Map<string, ScoreEntry[]>(),
      release: new Map<string, ScoreEntry[]>(),
      prompt: new Map<string, ScoreEntry[]>(),
    };
    for (const entry of entries) {
      const trace = traces.get(entry.traceId) as TraceRecord;
      const observation =
        entry.observationId === null ? undefined : scoredObservations.get(entry.observationId);
      const models = observation ? [observation.model] : trace.models;
      const prompts = observation ? [observation.prompt] : trace.prompts;

      pushAll(groups.model, keysOr(models, MISSING_KEYS.model), entry);
      pushAll(groups.prompt, keysOr(prompts, MISSING_KEYS.prompt), entry);
      pushAll(groups.traceName, [trace.name ?? MISSING_KEYS.traceName], entry);
      pushAll(groups.release, [trace.release ?? MISSING_KEYS.release], entry);
    }

    result.push({
      name,
      dataType: (entries[0] as ScoreEntry).dataType,
      overall: summarise(name, entries),
      byModel: summariseGroups(groups.model),
      byTraceName: summariseGroups(groups.traceName),
      byRelease: summariseGroups(groups.release),
      byPrompt: summariseGroups(groups.prompt),
    });
  }
  return result;
}

function keysOr(keys: readonly (string | null)[], missing: string): string[] {
  const present = keys.filter((key): key is string => key !== null);
  return present.length > 0 ? present : [missing];
}

function pushAll(map: Map<string, ScoreEntry[]>, keys: string[], entry: ScoreEntry): void {
  for (const key of keys) {
    const list = map.get(key);
    if (list === undefined) {
      map.set(key, [entry]);
    } else {
      list.push(entry);
    }
  }
}

function summariseGroups(map: Map<string, ScoreEntry[]>): ScoreSummary[] {
  return [...map.entries()]
    .map(([key, entries]) => summarise(key, entries))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Summarises scores: mean, min and max of numbers (booleans as 0/1), counts of categories. */
export function summarise(key: string, entries: readonly ScoreEntry[]): ScoreSummary {
  let sum = 0;
  let numeric = 0;
  let min = Infinity;
  let max = -Infinity;
  const categories: Record<string, number> = {};

  for (const entry of entries) {
    if (typeof entry.value === 'string') {
      categories[entry.value] = (categories[entry.value] ?? 0) + 1;
      continue;
    }
    numeric++;
    sum += entry.value;
    min = Math.min(min, entry.value);
    max = Math.max(max, entry.value);
    if (entry.dataType === 'BOOLEAN') {
      const label = entry.value === 1 ? 'true' : 'false';
      categories[label] = (categories[label] ?? 0) + 1;
    }
  }

  return {
    key,
    count: entries.length,
    mean: numeric === 0 ? null : sum / numeric,
    min: numeric === 0 ? null : min,
    max: numeric === 0 ? null : max,
    categories,
  };
}

class QualitySums {
  traces = 0;
  costUsd = 0;
  scoredTraces = 0;
  costPerScoreSum = 0;
  costPerScoreCount = 0;
  meeting = 0;
}

/**
 * Computes cost per quality by model, prompt and release. A trace's score is the mean of its
 * scores of that name, and its cost counts for every model and prompt it used.
 */
export function costPerQuality(
  options: QualityOptions,
  traces: Iterable<TraceRecord>,
  scores: ScoreIndex,
): CostPerQuality {
  const groups = {
    model: new Map<string, QualitySums>(),
    prompt: new Map<string, QualitySums>(),
    release: new Map<string, QualitySums>(),
  };

  for (const trace of traces) {
    const costUsd = trace.costUsd + trace.estimatedCostUsd;
    const score = scores.traceMean(trace.id, options.scoreName);
    const keys = {
      model: keysOr(trace.models, MISSING_KEYS.model),
      prompt: keysOr(trace.prompts, MISSING_KEYS.prompt),
      release: [trace.release ?? MISSING_KEYS.release],
    };
    for (const dimension of ['model', 'prompt', 'release'] as const) {
      for (const key of keys[dimension]) {
        let sums = groups[dimension].get(key);
        if (sums === undefined) {
          sums = new QualitySums();
          groups[dimension].set(key, sums);
        }
        sums.traces++;
        sums.costUsd += costUsd;
        if (score === null) {
          continue;
        }
        sums.scoredTraces++;
        if (score > 0) {
          sums.costPerScoreSum += costUsd / score;
          sums.costPerScoreCount++;
        }
        if (compare(score, options.operator, options.threshold)) {
          sums.meeting++;
        }
      }
    }
  }

  return {
    score: options.scoreName,
    threshold: `${options.scoreName} ${options.operator} ${options.threshold}`,
    byModel: qualityGroups(groups.model),
    byPrompt: qualityGroups(groups.prompt),
    byRelease: qualityGroups(groups.release),
  };
}

function qualityGroups(map: Map<string, QualitySums>): QualityGroup[] {
  return [...map.entries()]
    .map(([key, sums]) => ({
      key,
      traces: sums.traces,
      costUsd: roundCostUsd(sums.costUsd),
      scoredTraces: sums.scoredTraces,
      meanCostPerScoreUsd:
        sums.costPerScoreCount === 0 ? null : sums.costPerScoreSum / sums.costPerScoreCount,
      tracesMeetingThreshold: sums.meeting,
      costPerSuccessfulTraceUsd: sums.meeting === 0 ? null : sums.costUsd / sums.meeting,
    }))
    .sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
}
