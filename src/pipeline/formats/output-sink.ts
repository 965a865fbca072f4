import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';

export interface OutputOptions {
  /** Whether `close()` ends a given stream (default: yes, except for stdout). */
  end?: boolean;
}

/**
 * Where a writer's bytes go, with backpressure: `write` waits for `drain` when the stream's
 * buffer is full. A file path is written as `<path>.partial` and renamed on `close()`, so a
 * reader never sees a half-written export under the final name; `-` means stdout.
 *
 * @example
 * const sink = OutputSink.open('out.ndjson');
 * await sink.write('{"a":1}\n');
 * await sink.close();
 */
export class OutputSink {
  private failure: Error | undefined;

  private constructor(
    readonly stream: NodeJS.WritableStream,
    private readonly endOnClose: boolean,
    private readonly finalPath: string | undefined,
    private readonly tempPath: string | undefined,
  ) {
    stream.on('error', (err: Error) => {
      this.failure ??= err;
    });
  }

  static open(output: string | NodeJS.WritableStream, options: OutputOptions = {}): OutputSink {
    if (output === '-') return new OutputSink(process.stdout, options.end ?? false, undefined, undefined);
    if (typeof output !== 'string') {
      return new OutputSink(output, options.end ?? output !== process.stdout, undefined, undefined);
    }
    const tempPath = `${output}.partial`;
    // Opening errors (missing folder, no permission) surface on the first write or on close.
    const stream = createWriteStream(tempPath);
    return new OutputSink(stream, true, output, tempPath);
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(chunk)) await this.drained();
  }

  private async drained(): Promise<void> {
    // Waiting on drain alone would hang forever if the stream fails instead.
    const controller = new AbortController();
    try {
      await Promise.race([
        once(this.stream as NodeJS.EventEmitter, 'drain', { signal: controller.signal }),
        once(this.stream as NodeJS.EventEmitter, 'error', { signal: controller.signal }).then(([err]) => {
          throw err;
        }),
      ]);
    } finally {
      controller.abort();
    }
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.endOnClose) {
      this.stream.end();
      await finished(this.stream as NodeJS.WritableStream & NodeJS.EventEmitter);
    }
    if (this.tempPath && this.finalPath) await rename(this.tempPath, this.finalPath);
  }

  /** Stops writing and removes the partial file, if any. */
  async abort(): Promise<void> {
    const stream = this.stream as NodeJS.WritableStream & NodeJS.EventEmitter & { destroy?: () => void };
    if (this.endOnClose) {
      const closed = finished(stream).catch(() => {});
      stream.destroy?.();
      // The file may still be opening; removing it before it closes would race with its creation.
      await closed;
    }
    if (this.tempPath) await rm(this.tempPath, { force: true });
  }
}
