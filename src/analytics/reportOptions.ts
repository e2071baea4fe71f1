import * as fs from 'node:fs';
import type { TimeRange } from '../langfuse/types';
import { PriceTable, type PriceOverrides } from '../pricing/priceTable';
import type { ModelPrice } from '../pricing/modelPrices';
import type { AnalyticsOptions } from './analyticsBuilder';
import { parseComparison } from './comparison';
import { parseDimension } from './dimensions';
import { parseFilter } from './filters';
import { parseQuality } from './quality';
import { GRANULARITIES, type Granularity } from './timeBuckets';
import { SORT_KEYS, type SortKey } from './types';
import { parseWhatIf } from './whatIf';

/** The analytics options of `trace-insight report`, as commander hands them over. */
export interface AnalyticsCommandOptions {
  analytics?: boolean;
  groupBy?: string;
  granularity?: string;
  filter?: string[];
  top?: string;
  sortBy?: string;
  compare?: string;
  quality?: string;
  roi?: string;
  whatIf?: string[];
  estimateUnpriced?: boolean;
  prices?: string;
  projectId?: string;
}

/** True when any option asks for the `analytics` key of the JSON report. */
export function wantsAnalytics(options: AnalyticsCommandOptions): boolean {
  return Boolean(
    options.analytics ||
    options.groupBy ||
    options.granularity ||
    (options.filter && options.filter.length > 0) ||
    options.compare ||
    options.quality ||
    options.roi ||
    (options.whatIf && options.whatIf.length > 0) ||
    options.estimateUnpriced,
  );
}

/**
 * Turns the command options into AnalyticsOptions. Throws a RangeError naming the option and the
 * accepted values for any invalid one.
 */
export function analyticsOptionsOf(
  options: AnalyticsCommandOptions,
  range: TimeRange,
  timeZone: string,
  projectModels: readonly ModelPrice[] = [],
  baseUrl?: string,
): AnalyticsOptions {
  const granularity = options.granularity ?? 'day';
  if (!(GRANULARITIES as readonly string[]).includes(granularity)) {
    throw new RangeError(
      `--granularity ${granularity} is invalid; use one of ${GRANULARITIES.join(', ')}.`,
    );
  }
  const sortBy = options.sortBy ?? 'cost';
  if (!(SORT_KEYS as readonly string[]).includes(sortBy)) {
    throw new RangeError(`--sort-by ${sortBy} is invalid; use one of ${SORT_KEYS.join(', ')}.`);
  }
  const topN = options.top === undefined ? 10 : Number(options.top);
  if (!Number.isInteger(topN) || topN < 1) {
    throw new RangeError(`--top ${options.top} is invalid; use a whole number of 1 or more.`);
  }

  const quality = options.quality ? parseQuality(options.quality) : undefined;
  const compare = options.compare ? parseComparison(options.compare) : undefined;
  if (compare && quality) {
    compare.scoreName = quality.scoreName;
  }

  return {
    range,
    timeZone,
    granularity: granularity as Granularity,
    dimensions: options.groupBy ? options.groupBy.split(',').map(parseDimension) : undefined,
    filters: (options.filter ?? []).map(parseFilter),
    breakdown: {
      topN,
      sortBy: sortBy as SortKey,
      order: sortBy === 'key' ? 'asc' : 'desc',
      baseUrl,
      projectId: options.projectId,
    },
    compare,
    quality,
    roiKeys: options.roi ? options.roi.split(',').map((key) => key.trim()) : undefined,
    whatIf: (options.whatIf ?? []).map(parseWhatIf),
    priceTable: new PriceTable(readOverrides(options.prices), projectModels),
    estimateUnpriced: options.estimateUnpriced ?? false,
  };
}

/** True when the options need observation metadata from the API. */
export function needsMetadata(options: AnalyticsOptions): boolean {
  return (
    (options.roiKeys?.length ?? 0) > 0 ||
    (options.dimensions ?? []).some((dimension) => dimension.name === 'metadata') ||
    options.compare?.dimension.name === 'metadata'
  );
}

function readOverrides(path: string | undefined): PriceOverrides {
  if (path === undefined) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RangeError(
      `--prices ${path} could not be read as JSON (${(error as Error).message}); pass a file ` +
        'such as {"my-model": {"input": 0.000001, "output": 0.000002}}.',
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RangeError(
      `--prices ${path} is not a JSON object of model name to prices by usage key.`,
    );
  }
  return parsed as PriceOverrides;
}
