import { LangfuseError } from './errors';

export interface LangfuseRegion {
  id: 'eu' | 'us' | 'jp' | 'hipaa';
  label: string;
  baseUrl: string;
}

/** Langfuse Cloud's data regions. Self-hosted servers use their own base URL. */
export const LANGFUSE_REGIONS: readonly LangfuseRegion[] = [
  { id: 'eu', label: 'Langfuse Cloud EU', baseUrl: 'https://cloud.langfuse.com' },
  { id: 'us', label: 'Langfuse Cloud US', baseUrl: 'https://us.cloud.langfuse.com' },
  { id: 'jp', label: 'Langfuse Cloud JP', baseUrl: 'https://jp.cloud.langfuse.com' },
  { id: 'hipaa', label: 'Langfuse Cloud HIPAA (US)', baseUrl: 'https://hipaa.cloud.langfuse.com' },
];

export const DEFAULT_BASE_URL = 'https://cloud.langfuse.com';

/**
 * Parses a user-supplied base URL. Accepts http and https URLs with an optional path prefix
 * (self-hosted behind a reverse proxy), and rejects anything that would carry credentials or
 * a query into every request.
 */
export function parseBaseUrl(input: string): URL {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalidBaseUrl(input, 'it is not a URL');
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidBaseUrl(input, `the scheme ${url.protocol} is not http: or https:`);
  }
  if (url.username || url.password) {
    throw invalidBaseUrl(input, 'it contains a user name or password; use the API keys instead');
  }
  if (url.search || url.hash) {
    throw invalidBaseUrl(input, 'it contains a query or fragment');
  }

  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function invalidBaseUrl(input: string, reason: string): LangfuseError {
  // Never echo a password that was pasted into the URL.
  const masked = input.replace(/(\/\/)[^/@\s]*@/, '$1***@');
  const shown = JSON.stringify(masked.length > 200 ? `${masked.slice(0, 200)}…` : masked);
  return new LangfuseError(
    'invalid-base-url',
    `Invalid Langfuse base URL ${shown}: ${reason}. ` +
      `Use the address of your Langfuse server, for example ${DEFAULT_BASE_URL}.`,
  );
}

/** True for 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') {
    return true;
  }
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
