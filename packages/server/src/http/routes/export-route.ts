import { readQuery } from '../parse-input.js';
import { callsCsvStream } from '../calls-csv-stream.js';
import type { RouteDefinition } from '../route-context.js';
import { exportQuerySchema } from '../schemas/query-schemas.js';
import { toFilter } from './read-routes.js';

/** `GET /api/calls/export.csv`: the filtered call log as CSV, streamed from the store. */
export const exportCsvRoute: RouteDefinition = {
  method: 'GET',
  path: '/api/calls/export.csv',
  access: 'read',
  docs: {
    summary: 'The call log as CSV (same filters as the call log), streamed',
    query: exportQuerySchema,
    response: { status: 200, contentType: 'text/csv' },
  },
  async run(context) {
    const query = readQuery(context, exportQuerySchema);
    // The first batch is read before answering, so a store that refuses the query still gets a
    // proper error status instead of a 200 with a cut-off body.
    const calls = await startedIteration(context.state.hub.store.exportCalls({ ...toFilter(query), ...(query.sort ? { sort: query.sort } : {}) }));
    const date = new Date(context.state.clock.now()).toISOString().slice(0, 10);
    return new Response(callsCsvStream(calls), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="calls-${date}.csv"`,
        'cache-control': 'no-store',
      },
    });
  },
};

async function startedIteration<T>(iterable: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = iterable[Symbol.asyncIterator]();
  const first = await iterator.next();
  let pending: IteratorResult<T> | undefined = first;
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (pending !== undefined) {
          const result = pending;
          pending = undefined;
          return result;
        }
        return iterator.next();
      },
      return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
    }),
  };
}
