// Types the analytics sections share, re-exported so each module imports from one place.
export type { InsightsModel } from '../../../src/shared/protocol';
export type { MetricComparison as MetricComparisonRow } from '../../../src/analytics/types';
