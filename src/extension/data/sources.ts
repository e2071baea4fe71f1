import { LangfuseClient, type Logger } from '../../langfuse/client';
import { SampleSource } from '../../langfuse/sampleSource';
import type { ObservationSource } from '../../langfuse/types';
import type { OriginSecrets } from '../auth/secretStore';
import { resolveCredentials } from '../auth/credentials';
import type { TraceInsightConfig } from '../config';

export type SourceMode = 'langfuse' | 'sample';

/** The sample data: generated in process, about a month of a small project's traffic. */
export const SAMPLE_OPTIONS = { seed: 7, observations: 20_000, days: 30 } as const;

export type OpenedSource =
  | { kind: 'ok'; source: ObservationSource; label: string; close: () => Promise<void> }
  | { kind: 'signedOut' }
  | { kind: 'needsSignIn'; origin: string; message: string }
  | { kind: 'error'; message: string };

/**
 * Opens the observation source for the current mode: the sample data, or a Langfuse client
 * built with the secret stored for the configured base URL's origin.
 */
export async function openSource(
  mode: SourceMode,
  config: TraceInsightConfig,
  secrets: OriginSecrets,
  logger: Logger,
  sample: () => ObservationSource,
): Promise<OpenedSource> {
  if (mode === 'sample') {
    return { kind: 'ok', source: sample(), label: 'Sample data', close: async () => undefined };
  }

  const resolved = await resolveCredentials(config, secrets);
  switch (resolved.kind) {
    case 'not-configured':
      return { kind: 'signedOut' };
    case 'missing-secret':
      return { kind: 'needsSignIn', origin: resolved.origin, message: resolved.message };
    case 'invalid-base-url':
      return { kind: 'error', message: resolved.message };
  }

  const { credentials } = resolved;
  const client = new LangfuseClient({
    baseUrl: credentials.baseUrl,
    publicKey: credentials.publicKey,
    secretKey: credentials.secretKey,
    logger,
  });
  return { kind: 'ok', source: client, label: client.origin, close: () => client.close() };
}

/**
 * Creates the sample source. Its data ends at the next full hour after creation, so today has
 * traffic, and it stays the same for the session.
 */
export function createSampleSource(timeZone: string): ObservationSource {
  return new SampleSource({ ...SAMPLE_OPTIONS, timeZone });
}
