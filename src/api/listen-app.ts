import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  port: number;
  host: string;
  /** Signals that start a graceful shutdown. Default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
  /** Longest wait for in-flight requests before giving up. Default 25 s (under Kubernetes' 30 s grace period). */
  shutdownTimeoutMs?: number;
  /** Called once the app has closed (or the timeout passed) with the exit code to use. */
  onShutdown?: (code: number) => void;
}

/** A listening server and the way to stop it. */
export interface RunningServer {
  /** `http://host:port` as bound (the real port when 0 was asked). */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, closes the store (the app's onClose), resolves when done. */
  shutdown(reason?: string): Promise<void>;
}

/**
 * Listens, and on SIGTERM/SIGINT shuts down gracefully: new connections are
 * refused, requests already running finish, idle keep-alive sockets close,
 * then the app's onClose hooks close the cache and the store.
 *
 * @example
 * const server = await listenApp(app, { port: 8080, host: '0.0.0.0', onShutdown: (code) => process.exit(code) });
 * console.log(server.url);
 */
export async function listenApp(app: FastifyInstance, options: ListenOptions): Promise<RunningServer> {
  const address = await app.listen({ port: options.port, host: options.host });
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let closing: Promise<void> | undefined;

  const shutdown = (reason = 'shutdown'): Promise<void> => {
    closing ??= (async () => {
      for (const signal of signals) process.off(signal, onSignal);
      app.log.info({ reason }, 'shutting down: finishing in-flight requests');
      let code = 0;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), options.shutdownTimeoutMs ?? 25_000);
        timer.unref();
      });
      // server.close() only drops keep-alive sockets idle at that instant; a
      // socket whose request finishes later would hold the shutdown open, so
      // keep closing idle sockets until the server is gone.
      const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        const outcome = await Promise.race([app.close().then(() => 'closed' as const), timeout]);
        if (outcome === 'timeout') {
          app.log.error('shutdown timed out with requests still running');
          code = 1;
        }
      } catch (error) {
        app.log.error({ err: error }, 'shutdown failed');
        code = 1;
      } finally {
        clearInterval(sweeper);
        clearTimeout(timer);
      }
      options.onShutdown?.(code);
    })();
    return closing;
  };
  function onSignal(signal: NodeJS.Signals): void {
    void shutdown(signal);
  }
  for (const signal of signals) process.on(signal, onSignal);

  return { url: address, shutdown };
}
