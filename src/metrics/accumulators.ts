import { CompensatedSum } from './compensatedSum';
import { LatencyDistribution } from './latencyDistribution';

/** Sums over the observations of one group: a model, a day, a trace name or a user. */
export class ObservationTotals {
  observations = 0;
  readonly costUsd = new CompensatedSum();
  inputTokens = 0;
  outputTokens = 0;
  totalTokens = 0;
  unpricedObservations = 0;
}

/** Sums over the observations of one model, with its observation latency. */
export class ModelGroup extends ObservationTotals {
  readonly latency = new LatencyDistribution();
  traces = 0;
  errorTraces = 0;

  constructor(
    readonly key: string,
    readonly index: number,
  ) {
    super();
  }
}

/** Sums over the observations that start on one day of the zone. */
export class DayState extends ObservationTotals {
  readonly costByModel = new Map<string, CompensatedSum>();
  traces = 0;
  errorTraces = 0;

  constructor(readonly day: string) {
    super();
  }
}
