export { createCallboardMetrics, type CallboardMetrics, type WebhookOutcome } from './create-callboard-metrics.js';
export { createPrometheusRegistry, type Counter, type Histogram, type Labels, type PrometheusRegistry } from './prometheus-registry.js';
export { instrumentedIngest } from './instrumented-ingest.js';
