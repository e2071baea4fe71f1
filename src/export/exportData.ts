/** The public surface of the export: what the extension and the CLI import. */
export { runExport, type ExportOptions } from './runExport';
export { ExportInterruptedError } from './observationExport';
export { isS3Target } from './destinations/destination';
export { parseS3Url, type S3DestinationOptions } from './destinations/s3Object';
export {
  EXPORT_FORMATS,
  EXPORT_WHATS,
  type ExportFormat,
  type ExportProgress,
  type ExportResult,
  type ExportWhat,
} from './types';
