import type { Logger } from '../langfuse/http';
import type { ObservationSource, TimeRange } from '../langfuse/types';
import { isS3Target, type Destination } from './destinations/destination';
import { S3Destination, type S3DestinationOptions } from './destinations/s3Object';
import { openLocalTarget } from './localTarget';
import type { ExportFormat, ExportProgress, ExportWhat } from './types';

export interface ExportOptions {
  what: ExportWhat;
  format: ExportFormat;
  /** A local path or an s3://bucket/key URL. */
  target: string;
  source: ObservationSource;
  range: TimeRange;
  /** IANA zone of the report's day buckets. */
  timeZone: string;
  /** Filters in the `--filter` syntax, e.g. `environment = production`. */
  filters?: readonly string[];
  /** Breakdown dimensions (`model,traceName,metadata:region`) for the report and breakdown. */
  groupBy?: string;
  /** Time series buckets of the report: hour, day, week or month. */
  granularity?: string;
  /** For `report`: a report already built for this range and these filters, written as is. */
  report?: object;
  s3?: S3DestinationOptions;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  logger?: Logger;
}

/** Opens the target of an export that is not resumed: an S3 upload or a local temporary file. */
export async function openDestination(options: ExportOptions): Promise<Destination> {
  if (isS3Target(options.target)) {
    return new S3Destination(options.target, { logger: options.logger, ...options.s3 });
  }
  return openLocalTarget(options.target);
}
