/**
 * A local HTTP server that serves the parts of Langfuse's public API that Trace Insight reads,
 * from a generated dataset, with injectable faults. It listens on 127.0.0.1 only.
 *
 * Order of checks per request: unknown path or method (404/405), then HTTP Basic auth (401,
 * except for the health check), then faults (429, 5xx, delay, cut-off body), then the handler.
 */
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Dataset, DatasetOptions } from './dataset';
import { FaultState, Faults } from './faults';
import { metricsV2 } from './metricsRoute';
import { JsonText } from './jsonText';
import { observationsV1, observationsV2 } from './observationRoutes';
import { BadRequestError } from './queryParams';
import { models, projects, scoresV3, tracesV1 } from './traceRoutes';

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number;
  publicKey?: string;
  secretKey?: string;
  /** Behave like an older self-hosted Langfuse without the v2 observations and v3 scores. */
  v1Only?: boolean;
  /** The generated data; pass `dataset` to share one already built. */
  data?: DatasetOptions;
  dataset?: Dataset;
  faults?: Faults;
  /** Called once per finished request, e.g. to log to stderr. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Called when a handler fails with an unexpected error, before the 500 is sent. */
  onError?: (entry: RequestLogEntry, error: Error) => void;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The query string without the leading `?`. */
  query: string;
  status: number;
}

export interface RunningServer {
  url: string;
  publicKey: string;
  secretKey: string;
  dataset: Dataset;
  requestLog: RequestLogEntry[];
  setFaults(faults: Faults): void;
  close(): Promise<void>;
}

export const DEFAULT_PUBLIC_KEY = 'pk-lf-local';
export const DEFAULT_SECRET_KEY = 'sk-lf-local';

/** The version the health check reports; older for v1-only, as such servers are older releases. */
const SERVER_VERSION = '3.150.0';
const V1_ONLY_SERVER_VERSION = '3.60.0';

type Handler = (dataset: Dataset, params: URLSearchParams) => unknown;

interface Route {
  handler: Handler;
  auth: boolean;
  v2: boolean;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataset = options.dataset ?? new Dataset(options.data ?? defaultDatasetOptions());
  const publicKey = options.publicKey ?? DEFAULT_PUBLIC_KEY;
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  const v1Only = options.v1Only ?? false;
  const credentials = Buffer.from(`${publicKey}:${secretKey}`).toString('base64');
  const expectedAuthorization = `Basic ${credentials}`;

  const faults = new FaultState();
  faults.set(options.faults ?? {});
  const requestLog: RequestLogEntry[] = [];

  const routes = new Map<string, Route>([
    [
      '/api/public/health',
      {
        handler: () => ({
          status: 'OK',
          version: v1Only ? V1_ONLY_SERVER_VERSION : SERVER_VERSION,
        }),
        auth: false,
        v2: false,
      },
    ],
    ['/api/public/v2/observations', { handler: observationsV2, auth: true, v2: true }],
    ['/api/public/observations', { handler: observationsV1, auth: true, v2: false }],
    ['/api/public/traces', { handler: tracesV1, auth: true, v2: false }],
    ['/api/public/v3/scores', { handler: scoresV3, auth: true, v2: true }],
    ['/api/public/v2/metrics', { handler: metricsV2, auth: true, v2: true }],
    ['/api/public/projects', { handler: () => projects(), auth: true, v2: false }],
    [
      '/api/public/models',
      { handler: (_dataset, params) => models(params), auth: true, v2: false },
    ],
  ]);

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const entry: RequestLogEntry = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: 0,
    };
    response.on('close', () => {
      entry.status = response.statusCode;
      requestLog.push(entry);
      options.onRequest?.(entry);
    });

    void handleRequest(request, response, url).catch((error: unknown) => {
      options.onError?.(entry, error as Error);
      sendJson(response, 500, { message: `Internal error: ${(error as Error).message}` }, false);
    });
  });

  async function handleRequest(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
  ) {
    const route = routes.get(url.pathname.replace(/\/+$/, ''));
    if (!route || (route.v2 && v1Only)) {
      sendJson(response, 404, { message: `Not found: ${url.pathname}` }, false);
      return;
    }
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      sendJson(
        response,
        405,
        { message: `Method ${request.method} is not allowed on ${url.pathname}: use GET.` },
        false,
      );
      return;
    }
    if (route.auth && request.headers.authorization !== expectedAuthorization) {
      sendJson(
        response,
        401,
        {
          message:
            'Invalid credentials: send HTTP Basic auth with the project public key and secret key.',
        },
        false,
      );
      return;
    }

    const decision = faults.decide();
    if (faults.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    }
    if (decision.kind === 'rate-limited') {
      response.setHeader('Retry-After', String(decision.retryAfterSeconds));
      sendJson(
        response,
        429,
        { message: 'Rate limit exceeded: retry after the Retry-After seconds.' },
        false,
      );
      return;
    }
    if (decision.kind === 'server-error') {
      sendJson(
        response,
        decision.status,
        { message: `Injected server error ${decision.status}` },
        false,
      );
      return;
    }

    let body: unknown;
    try {
      body = route.handler(dataset, url.searchParams);
    } catch (error) {
      if (error instanceof BadRequestError) {
        sendJson(response, 400, { message: error.message }, false);
        return;
      }
      throw error;
    }
    sendJson(response, 200, body, decision.truncate);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}`,
    publicKey,
    secretKey,
    dataset,
    requestLog,
    setFaults: (next) => faults.set(next),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Sends a JSON body; with `truncate`, sends the first half and then destroys the socket. */
function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  truncate: boolean,
): void {
  const text = body instanceof JsonText ? body.text : JSON.stringify(body);
  const payload = Buffer.from(text, 'utf8');
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': payload.length,
  });

  if (!truncate) {
    response.end(payload);
    return;
  }
  response.write(payload.subarray(0, Math.floor(payload.length / 2)), () => {
    response.destroy();
  });
}

/** 10,000 observations over 14 days ending at the start of the current UTC hour. */
export function defaultDatasetOptions(): DatasetOptions {
  const hourMs = 3_600_000;
  return {
    seed: 42,
    observations: 10_000,
    days: 14,
    endMs: Math.floor(Date.now() / hourMs) * hourMs,
  };
}
