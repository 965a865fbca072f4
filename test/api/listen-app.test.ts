import { describe, expect, it } from 'vitest';
import { listenApp } from '../../src/api/listen-app.js';
import { buildTestApp } from './api-test-kit.js';

describe('listenApp', () => {
  it('on shutdown lets the in-flight request finish, refuses new ones, then closes the store', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { sut } = await buildTestApp({
      readiness: {
        check: async () => {
          events.push('request started');
          await gate;
          events.push('request finished');
          return { ok: true };
        },
      },
      onClose: async () => {
        events.push('store closed');
      },
    });
    let exitCode: number | undefined;
    const server = await listenApp(sut, {
      port: 0,
      host: '127.0.0.1',
      signals: ['SIGUSR2'],
      onShutdown: (code) => {
        exitCode = code;
      },
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.listeners('SIGUSR2')).toHaveLength(1);

    const inFlight = fetch(`${server.url}/ready`);
    while (!events.includes('request started')) await new Promise((resolve) => setTimeout(resolve, 5));
    const stopping = server.shutdown('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(events).not.toContain('store closed');

    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    await stopping;
    expect(events).toEqual(['request started', 'request finished', 'store closed']);
    expect(exitCode).toBe(0);
    expect(process.listeners('SIGUSR2')).toHaveLength(0);
  });
});
