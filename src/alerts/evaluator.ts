import type { Observation, TimeRange } from '../langfuse/types';
import { CostProbe } from './probes/costProbe';
import { ReportProbe } from './probes/reportProbe';
import { TokenAnomalyProbe } from './probes/tokenAnomalyProbe';
import { resolveWindow, type EvaluationPeriod, type RuleProbe, type RuleResult } from './result';
import type { AlertRule } from './types';
import { previousWindow } from './windows';

export interface EvaluationOptions {
  timeZone: string;
  /** The instant whose windows are evaluated, epoch milliseconds. */
  atMs: number;
  /** Default 'current': the windows containing `atMs`, with the data up to it. */
  period?: EvaluationPeriod;
}

/**
 * Evaluates rules over one stream of observations. Ask `fetchRange` for the span to read, pass
 * every observation of it to `add` (in any order, each once), then call `results`.
 */
export class AlertEvaluator {
  private readonly probes: RuleProbe[];

  constructor(rules: readonly AlertRule[], options: EvaluationOptions) {
    this.probes = rules.map((rule) => createProbe(rule, options));
  }

  /** The smallest range that covers every window the rules read, or null when none has data. */
  get fetchRange(): TimeRange | null {
    let fromMs = Infinity;
    let toMs = -Infinity;
    for (const probe of this.probes) {
      for (const range of probe.ranges) {
        fromMs = Math.min(fromMs, range.fromMs);
        toMs = Math.max(toMs, range.toMs);
      }
    }
    return fromMs < toMs ? { fromMs, toMs } : null;
  }

  add(observation: Observation): void {
    for (const probe of this.probes) {
      probe.add(observation);
    }
  }

  addPage(page: readonly Observation[]): void {
    for (const observation of page) {
      this.add(observation);
    }
  }

  /** Returns one result per rule, in the order of the rules. */
  results(): RuleResult[] {
    return this.probes.map((probe) => probe.result());
  }
}

/** Evaluates the rules over observations already in memory. */
export function evaluateRules(
  rules: readonly AlertRule[],
  observations: Iterable<Observation>,
  options: EvaluationOptions,
): RuleResult[] {
  const evaluator = new AlertEvaluator(rules, options);
  for (const observation of observations) {
    evaluator.add(observation);
  }
  return evaluator.results();
}

function createProbe(rule: AlertRule, options: EvaluationOptions): RuleProbe {
  const { timeZone, atMs } = options;
  const window = resolveWindow(rule.window, atMs, timeZone, options.period ?? 'current');

  switch (rule.kind) {
    case 'budget':
    case 'cost':
      return new CostProbe(rule, window);
    case 'latency':
    case 'errorRate':
      return new ReportProbe(rule, window, undefined, timeZone);
    case 'errorRateRise':
      return new ReportProbe(rule, window, previousWindow(rule.window, window, timeZone), timeZone);
    case 'tokenAnomaly':
      return new TokenAnomalyProbe(rule, window, timeZone);
  }
}
