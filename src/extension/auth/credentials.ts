import { LangfuseError } from '../../langfuse/errors';
import { parseBaseUrl } from '../../langfuse/regions';
import type { TraceInsightConfig } from '../config';
import type { OriginSecrets } from './secretStore';

export interface LangfuseCredentials {
  baseUrl: string;
  origin: string;
  publicKey: string;
  secretKey: string;
}

export type CredentialsResult =
  | { kind: 'ok'; credentials: LangfuseCredentials }
  | { kind: 'not-configured' }
  | { kind: 'missing-secret'; origin: string; message: string }
  | { kind: 'invalid-base-url'; message: string };

/**
 * Finds the keys for the configured base URL. The secret is looked up by that URL's origin
 * only, so a missing secret for a new origin means "sign in again", never "use the old key".
 */
export async function resolveCredentials(
  config: Pick<TraceInsightConfig, 'baseUrl' | 'publicKey'>,
  secrets: OriginSecrets,
): Promise<CredentialsResult> {
  let origin: string;
  try {
    origin = parseBaseUrl(config.baseUrl).origin;
  } catch (error) {
    const message = error instanceof LangfuseError ? error.message : String(error);
    return { kind: 'invalid-base-url', message };
  }

  const secretKey = await secrets.get(origin);
  if (!config.publicKey && !secretKey) {
    return { kind: 'not-configured' };
  }
  if (!secretKey || !config.publicKey) {
    return {
      kind: 'missing-secret',
      origin,
      message:
        `No Langfuse keys are stored for ${origin}. Run "Trace Insight: Sign In" to enter them. ` +
        'If you signed in before, the secret may be gone because this system has no keyring ' +
        'that keeps it across restarts.',
    };
  }

  return {
    kind: 'ok',
    credentials: { baseUrl: config.baseUrl, origin, publicKey: config.publicKey, secretKey },
  };
}
