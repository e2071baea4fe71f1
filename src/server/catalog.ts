/**
 * The fixed vocabulary of the generated project: its models, features (trace names), the
 * observation steps of each feature, and the pools of users, tags and prompts.
 */
import { findModelPrice, ModelPrice } from '../pricing/modelPrices';

/** How a provider's SDK reports usage, which decides the usage keys of a generation. */
export type UsageStyle = 'openai' | 'openai-reasoning' | 'anthropic' | 'google' | 'embedding';

export interface ModelSpec {
  /** The model name the application sends, as `providedModelName`. */
  providedName: string;
  usageStyle: UsageStyle;
  latencyMedianSeconds: number;
  /** Langfuse's price entry, or undefined for a model Langfuse has no price for. */
  price: ModelPrice | undefined;
}

export type StepType =
  | 'GENERATION'
  | 'EMBEDDING'
  | 'SPAN'
  | 'AGENT'
  | 'CHAIN'
  | 'TOOL'
  | 'RETRIEVER'
  | 'EVENT'
  | 'GUARDRAIL';

export interface Weighted<T> {
  weight: number;
  value: T;
}

export interface StepSpec {
  type: StepType;
  name: string;
  /** Provided model names for GENERATION and EMBEDDING steps. */
  models?: Weighted<string>[];
  medianSeconds?: number;
}

export interface FeatureSpec {
  name: string;
  weight: number;
  minObservations: number;
  maxObservations: number;
  tags: string[];
  promptName: string | null;
  inputTokensMedian: number;
  outputTokensMedian: number;
  /** The root observation; a feature with one observation per trace has a GENERATION root. */
  root: StepSpec;
  /** Steps after the root, repeated in order until the trace has its observation count. */
  steps: StepSpec[];
}

const MODEL_DEFINITIONS: Omit<ModelSpec, 'price'>[] = [
  { providedName: 'gpt-4o', usageStyle: 'openai', latencyMedianSeconds: 3.2 },
  { providedName: 'gpt-4o-mini', usageStyle: 'openai', latencyMedianSeconds: 1.4 },
  { providedName: 'o3-mini', usageStyle: 'openai-reasoning', latencyMedianSeconds: 9 },
  { providedName: 'claude-3-5-sonnet-20241022', usageStyle: 'anthropic', latencyMedianSeconds: 4 },
  { providedName: 'claude-3-5-haiku-20241022', usageStyle: 'anthropic', latencyMedianSeconds: 1.8 },
  { providedName: 'gemini-2.0-flash', usageStyle: 'google', latencyMedianSeconds: 1.1 },
  { providedName: 'gemini-2.5-pro', usageStyle: 'google', latencyMedianSeconds: 6 },
  { providedName: 'text-embedding-3-small', usageStyle: 'embedding', latencyMedianSeconds: 0.12 },
  // A self-hosted model: Langfuse has no price for it, so its generations carry no cost.
  { providedName: 'llama-3.1-70b-instruct', usageStyle: 'openai', latencyMedianSeconds: 2.5 },
];

export const MODELS: ReadonlyMap<string, ModelSpec> = new Map(
  MODEL_DEFINITIONS.map((definition) => [
    definition.providedName,
    { ...definition, price: findModelPrice(definition.providedName) },
  ]),
);

export function modelSpec(providedName: string): ModelSpec {
  const spec = MODELS.get(providedName);
  if (!spec) {
    throw new Error(`Model ${providedName} is not in the generator's catalog.`);
  }
  return spec;
}

const CHAT_MODELS: Weighted<string>[] = [
  { weight: 50, value: 'gpt-4o-mini' },
  { weight: 25, value: 'gpt-4o' },
  { weight: 15, value: 'claude-3-5-sonnet-20241022' },
  { weight: 10, value: 'llama-3.1-70b-instruct' },
];

const EMBEDDING_MODELS: Weighted<string>[] = [{ weight: 1, value: 'text-embedding-3-small' }];

export const FEATURES: readonly FeatureSpec[] = [
  {
    name: 'chat-answer',
    weight: 30,
    minObservations: 2,
    maxObservations: 6,
    tags: ['chat', 'support'],
    promptName: 'chat-answer-system',
    inputTokensMedian: 1400,
    outputTokensMedian: 280,
    root: { type: 'SPAN', name: 'chat-answer' },
    steps: [
      { type: 'GENERATION', name: 'chat-completion', models: CHAT_MODELS },
      { type: 'GUARDRAIL', name: 'output-moderation', medianSeconds: 0.15 },
      { type: 'TOOL', name: 'lookup-account', medianSeconds: 0.35 },
      { type: 'GENERATION', name: 'chat-completion', models: CHAT_MODELS },
      { type: 'EVENT', name: 'response-sent' },
    ],
  },
  {
    name: 'summarize-ticket',
    weight: 20,
    minObservations: 2,
    maxObservations: 3,
    tags: ['support', 'batch'],
    promptName: 'summarize-ticket',
    inputTokensMedian: 2600,
    outputTokensMedian: 220,
    root: { type: 'SPAN', name: 'summarize-ticket' },
    steps: [
      {
        type: 'GENERATION',
        name: 'summarize',
        models: [
          { weight: 60, value: 'claude-3-5-haiku-20241022' },
          { weight: 40, value: 'gemini-2.0-flash' },
        ],
      },
      { type: 'EVENT', name: 'summary-stored' },
    ],
  },
  {
    name: 'rag-search',
    weight: 25,
    minObservations: 4,
    maxObservations: 9,
    tags: ['search', 'rag'],
    promptName: 'rag-answer',
    inputTokensMedian: 6000,
    outputTokensMedian: 400,
    root: { type: 'SPAN', name: 'rag-search' },
    steps: [
      { type: 'EMBEDDING', name: 'embed-query', models: EMBEDDING_MODELS },
      { type: 'RETRIEVER', name: 'vector-search', medianSeconds: 0.18 },
      { type: 'CHAIN', name: 'rerank-and-answer' },
      {
        type: 'GENERATION',
        name: 'answer-with-context',
        models: [
          { weight: 50, value: 'gpt-4o' },
          { weight: 30, value: 'gemini-2.5-pro' },
          { weight: 20, value: 'claude-3-5-sonnet-20241022' },
        ],
      },
      { type: 'EVENT', name: 'citations-attached' },
      { type: 'GENERATION', name: 'suggest-follow-ups', models: CHAT_MODELS },
      { type: 'RETRIEVER', name: 'keyword-search', medianSeconds: 0.09 },
      { type: 'EMBEDDING', name: 'embed-answer', models: EMBEDDING_MODELS },
    ],
  },
  {
    name: 'classify-intent',
    weight: 15,
    minObservations: 1,
    maxObservations: 1,
    tags: ['routing'],
    promptName: 'classify-intent',
    inputTokensMedian: 450,
    outputTokensMedian: 12,
    root: {
      type: 'GENERATION',
      name: 'classify-intent',
      models: [
        { weight: 70, value: 'gpt-4o-mini' },
        { weight: 30, value: 'gemini-2.0-flash' },
      ],
    },
    steps: [],
  },
  {
    name: 'agent-run',
    weight: 7,
    minObservations: 6,
    maxObservations: 24,
    tags: ['agent', 'beta'],
    promptName: 'agent-planner',
    inputTokensMedian: 3500,
    outputTokensMedian: 600,
    root: { type: 'AGENT', name: 'agent-run' },
    steps: [
      {
        type: 'GENERATION',
        name: 'plan-step',
        models: [
          { weight: 50, value: 'o3-mini' },
          { weight: 30, value: 'gpt-4o' },
          { weight: 20, value: 'claude-3-5-sonnet-20241022' },
        ],
      },
      { type: 'SPAN', name: 'execute-step' },
      { type: 'TOOL', name: 'web-search', medianSeconds: 1.2 },
      { type: 'TOOL', name: 'run-sql', medianSeconds: 0.6 },
      { type: 'GENERATION', name: 'reflect', models: [{ weight: 1, value: 'gpt-4o-mini' }] },
      { type: 'EVENT', name: 'step-finished' },
    ],
  },
  {
    name: 'extract-entities',
    weight: 3,
    minObservations: 1,
    maxObservations: 3,
    tags: ['batch'],
    promptName: 'extract-entities',
    inputTokensMedian: 900,
    outputTokensMedian: 150,
    root: {
      type: 'GENERATION',
      name: 'extract-entities',
      models: [
        { weight: 70, value: 'gpt-4o-mini' },
        { weight: 30, value: 'llama-3.1-70b-instruct' },
      ],
    },
    steps: [
      { type: 'TOOL', name: 'validate-json', medianSeconds: 0.02 },
      { type: 'EVENT', name: 'entities-stored' },
    ],
  },
];

export const CONTAINER_TYPES: ReadonlySet<StepType> = new Set(['SPAN', 'AGENT', 'CHAIN']);

export const ENVIRONMENTS: Weighted<string>[] = [
  { weight: 85, value: 'production' },
  { weight: 15, value: 'staging' },
];

export const OPTIONAL_TAGS = ['experiment-a', 'experiment-b', 'vip', 'mobile', 'web'];

export const PROJECT_ID = 'local-project';
