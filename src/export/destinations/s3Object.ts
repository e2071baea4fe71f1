import { PassThrough } from 'node:stream';
import { AbortMultipartUploadCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Logger } from '../../langfuse/http';
import type { Destination } from './destination';

export interface S3Location {
  bucket: string;
  key: string;
}

export interface S3DestinationOptions {
  /** An S3-compatible endpoint such as http://127.0.0.1:9000; default: AWS. */
  endpoint?: string;
  /**
   * Address buckets as `endpoint/bucket/key` rather than `bucket.endpoint/key`. Default: on
   * when AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL names a custom endpoint, as S3-compatible
   * stores mostly need it.
   */
  forcePathStyle?: boolean;
  region?: string;
  /** Part size in bytes, at least 5 MiB (the S3 minimum); default 8 MiB. */
  partSizeBytes?: number;
  /** A client to use instead of one built from the options, e.g. with test credentials. */
  client?: S3Client;
  logger?: Logger;
}

const MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;
const DEFAULT_PART_SIZE_BYTES = 8 * 1024 * 1024;
/** Parts uploaded at once. Memory keeps about this many parts plus one. */
const QUEUE_SIZE = 2;

/** True when the SDK will read a custom endpoint from the environment. */
function hasEndpointFromEnvironment(): boolean {
  return Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
}

/** Parses `s3://bucket/key/with/slashes`; throws a RangeError naming the URL and the fix. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(url.trim());
  const bucket = match?.[1];
  const key = match?.[2];
  if (!bucket || !key || key.endsWith('/')) {
    throw new RangeError(
      `"${url}" is not an S3 object URL; write s3://bucket/path/to/file.csv, with a key that ` +
        'does not end in "/".',
    );
  }
  return { bucket, key };
}

/**
 * An S3 object written by a multipart upload (one PUT when the export is smaller than a part).
 * Credentials come from the AWS SDK's default chain: environment variables, the shared
 * config and credentials files (AWS_PROFILE), SSO, and instance or container roles. The object
 * appears only when the upload completes. On failure or cancel the upload is aborted, so S3
 * discards its parts and no object is created.
 */
export class S3Destination implements Destination {
  readonly target: string;
  readonly stream: PassThrough;
  readonly initialBytes = 0;

  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly upload: Upload;
  private readonly done: Promise<unknown>;
  private readonly logger: Logger | undefined;

  constructor(
    url: string,
    private readonly options: S3DestinationOptions = {},
  ) {
    const location = parseS3Url(url);
    this.target = `s3://${location.bucket}/${location.key}`;
    this.logger = options.logger;
    const partSize = options.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES;
    if (partSize < MIN_PART_SIZE_BYTES) {
      throw new RangeError(`The S3 part size ${partSize} is below the S3 minimum of 5 MiB.`);
    }

    this.ownsClient = options.client === undefined;
    this.client =
      options.client ??
      new S3Client({
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle ?? hasEndpointFromEnvironment(),
        // A custom endpoint usually ignores the region, but the SDK needs one to sign.
        region: options.region ?? (options.endpoint ? 'us-east-1' : undefined),
      });

    this.stream = new PassThrough({ highWaterMark: 1024 * 1024 });
    this.upload = new Upload({
      client: this.client,
      params: { Bucket: location.bucket, Key: location.key, Body: this.stream },
      partSize,
      queueSize: QUEUE_SIZE,
      // The abort is sent by discard, so the error that stopped the export is the one reported.
      leavePartsOnError: true,
    });
    this.done = this.upload.done();
    // discard and commit observe the outcome; this keeps an early failure from being unhandled.
    this.done.catch(() => undefined);
  }

  async commit(): Promise<void> {
    this.stream.end();
    try {
      await this.done;
    } catch (error) {
      await this.abortMultipartUpload();
      throw error;
    } finally {
      this.closeClient();
    }
  }

  async discard(reason: unknown): Promise<void> {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    // Destroying the body ends the uploader's read loop, which then waits for the parts in
    // flight before `done` settles, so no part is uploaded after the abort below.
    this.stream.destroy(error);
    await this.done.catch(() => undefined);
    await this.abortMultipartUpload();
    this.closeClient();
  }

  private async abortMultipartUpload(): Promise<void> {
    const uploadId = this.upload.uploadId;
    if (uploadId === undefined) {
      return;
    }
    const location = parseS3Url(this.target);
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({
          Bucket: location.bucket,
          Key: location.key,
          UploadId: uploadId,
        }),
      );
      this.logger?.info(`[export] aborted the multipart upload to ${this.target}`);
    } catch (error) {
      this.logger?.warn(
        `[export] aborting the multipart upload ${uploadId} to ${this.target} failed: ` +
          `${(error as Error).name}: ${(error as Error).message}. Its parts may remain until a ` +
          'bucket lifecycle rule removes incomplete multipart uploads.',
      );
    }
  }

  private closeClient(): void {
    if (this.ownsClient) {
      this.client.destroy();
    }
  }
}
