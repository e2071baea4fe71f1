import { CompensatedSum, roundCostUsd } from '../metrics/compensatedSum';
import { LatencyDistribution } from '../metrics/latencyDistribution';
import type { TokenCounts } from '../metrics/observationValues';
import type { BreakdownGroup, DrillDown } from './types';
import type { TraceRecord } from './traceRecord';

/** Sums over one group of a breakdown, fed either observation by observation or trace by trace. */
export class GroupAccumulator {
  observations = 0;
  readonly costUsd = new CompensatedSum();
  readonly estimatedCostUsd = new CompensatedSum();
  inputTokens = 0;
  outputTokens = 0;
  totalTokens = 0;
  unpricedObservations = 0;
  readonly latency = new LatencyDistribution();
  private latencyCount = 0;

  /** Trace ids of an observation group; trace groups count traces directly. */
  private readonly traceIds = new Set<string>();
  private readonly errorTraceIds = new Set<string>();
  private traceCount = 0;
  private errorTraceCount = 0;

  topTraceId: string | null = null;
  private topCostUsd = -Infinity;

  constructor(readonly key: string) {}

  addObservation(
    traceId: string,
    costUsd: number,
    estimatedCostUsd: number,
    tokens: TokenCounts,
    unpriced: boolean,
    isError: boolean,
    latencySeconds: number | null,
  ): void {
    this.observations++;
    this.costUsd.add(costUsd);
    this.estimatedCostUsd.add(estimatedCostUsd);
    this.inputTokens += tokens.input;
    this.outputTokens += tokens.output;
    this.totalTokens += tokens.total;
    this.unpricedObservations += unpriced ? 1 : 0;
    this.traceIds.add(traceId);
    if (isError) {
      this.errorTraceIds.add(traceId);
    }
    this.addLatency(latencySeconds);
    this.considerTop(traceId, costUsd);
  }

  addTrace(trace: TraceRecord): void {
    this.observations += trace.observations;
    this.costUsd.add(trace.costUsd);
    this.estimatedCostUsd.add(trace.estimatedCostUsd);
    this.inputTokens += trace.inputTokens;
    this.outputTokens += trace.outputTokens;
    this.totalTokens += trace.totalTokens;
    this.unpricedObservations += trace.unpricedObservations;
    this.traceCount++;
    if (trace.hasError) {
      this.errorTraceCount++;
    }
    this.addLatency(trace.latencySeconds());
    this.considerTop(trace.id, trace.costUsd);
  }

  /** Adds another group's sums; latency is not merged, so callers drop it for merged groups. */
  merge(other: GroupAccumulator): void {
    this.observations += other.observations;
    this.costUsd.add(other.costUsd.value());
    this.estimatedCostUsd.add(other.estimatedCostUsd.value());
    this.inputTokens += other.inputTokens;
    this.outputTokens += other.outputTokens;
    this.totalTokens += other.totalTokens;
    this.unpricedObservations += other.unpricedObservations;
    this.traceCount += other.traceCount;
    this.errorTraceCount += other.errorTraceCount;
    for (const id of other.traceIds) {
      this.traceIds.add(id);
    }
    for (const id of other.errorTraceIds) {
      this.errorTraceIds.add(id);
    }
    if (other.topTraceId !== null) {
      this.considerTop(other.topTraceId, other.topCostUsd);
    }
  }

  get traces(): number {
    return this.traceCount + this.traceIds.size;
  }

  get errorTraces(): number {
    return this.errorTraceCount + this.errorTraceIds.size;
  }

  get hasLatency(): boolean {
    return this.latencyCount > 0;
  }

  toGroup(drillDown: DrillDown, withLatency: boolean): BreakdownGroup {
    const traces = this.traces;
    return {
      key: this.key,
      observations: this.observations,
      traces,
      costUsd: roundCostUsd(this.costUsd.value()),
      estimatedCostUsd: roundCostUsd(this.estimatedCostUsd.value()),
      tokens: { input: this.inputTokens, output: this.outputTokens, total: this.totalTokens },
      latency: withLatency ? this.latency.percentiles() : null,
      errorTraces: this.errorTraces,
      errorRate: traces === 0 ? 0 : this.errorTraces / traces,
      unpricedObservations: this.unpricedObservations,
      drillDown,
    };
  }

  private addLatency(latencySeconds: number | null): void {
    if (latencySeconds !== null) {
      this.latency.add(latencySeconds);
      this.latencyCount++;
    }
  }

  private considerTop(traceId: string, costUsd: number): void {
    if (costUsd > this.topCostUsd) {
      this.topCostUsd = costUsd;
      this.topTraceId = traceId;
    }
  }
}
