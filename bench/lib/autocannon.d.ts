/** The part of autocannon 9 the benches use (the package ships no types). */
declare module 'autocannon' {
  interface RequestContext {
    [key: string]: unknown;
  }

  interface RequestParams {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  interface Request extends RequestParams {
    /** Called before each request of the connection; returns the request to send. */
    setupRequest?: (request: RequestParams, context: RequestContext) => RequestParams;
    /** Called with each response, with the context the matching `setupRequest` filled in. */
    onResponse?: (status: number, body: string, context: RequestContext, headers: Record<string, string>) => void;
  }

  interface Options {
    url: string;
    connections?: number;
    /** Requests per second across all connections, at most. */
    overallRate?: number;
    pipelining?: number;
    /** Seconds; ignored when `amount` is given. */
    duration?: number;
    /** Total number of requests, after which the run ends (every answer awaited). */
    amount?: number;
    timeout?: number;
    requests?: Request[];
  }

  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }

  interface Result {
    latency: Histogram;
    requests: Histogram & { sent: number };
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    statusCodeStats: Record<string, { count: number }>;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
  }

  interface Instance {
    stop(): void;
  }

  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;

  export default autocannon;
  export type { Options, Request, RequestContext, Result };
}
