import { describe, expect, it } from 'vitest';
import { createPrometheusRegistry } from './prometheus-registry.js';

describe('createPrometheusRegistry', () => {
  it('renders counters per label set, with escaped label values', async () => {
    const registry = createPrometheusRegistry();
    const requests = registry.counter('http_requests_total', 'Requests.');
    requests.inc({ route: 'GET /a', status: '200' });
    requests.inc({ route: 'GET /a', status: '200' });
    requests.inc({ route: 'say "hi"\\\n', status: '500' }, 3);
    expect(await registry.render()).toBe(
      '# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n' +
        'http_requests_total{route="GET /a",status="200"} 2\n' +
        'http_requests_total{route="say \\"hi\\"\\\\\\n",status="500"} 3\n',
    );
  });

  it('renders cumulative histogram buckets, sum and count', async () => {
    const registry = createPrometheusRegistry();
    const latency = registry.histogram('latency_seconds', 'Latency.', [0.1, 1]);
    latency.observe(0.05);
    latency.observe(0.5);
    latency.observe(5);
    const text = await registry.render();
    expect(text).toContain('latency_seconds_bucket{le="0.1"} 1\n');
    expect(text).toContain('latency_seconds_bucket{le="1"} 2\n');
    expect(text).toContain('latency_seconds_bucket{le="+Inf"} 3\n');
    expect(text).toContain('latency_seconds_sum 5.55\nlatency_seconds_count 3\n');
  });

  it('reads gauges when scraped', async () => {
    const registry = createPrometheusRegistry();
    let value = 1;
    registry.gauge('active', 'Active.', async () => value);
    value = 7;
    expect(await registry.render()).toContain('active 7\n');
  });
});
