import { Presets, SingleBar } from 'cli-progress';

export interface ProgressBar {
  /** Moves the bar to `value` (same unit as `total`); `rows` is shown beside it. */
  update(value: number, rows: number): void;
  stop(): void;
}

export interface ProgressBarOptions {
  /** The bar's full value (e.g. input bytes), or null when unknown (stdin): rows only. */
  total: number | null;
  label: string;
  /** Default: process.stderr. The bar is drawn only when this is a terminal. */
  stream?: NodeJS.WriteStream;
  /** `performance.now()` when the work began, for the rate (default: now). */
  startedAt?: number;
}

/**
 * A progress bar on stderr (cli-progress) that draws only when stderr is a terminal, so
 * pipes and log files never get control characters; otherwise every call is a no-op.
 *
 * @example
 * const bar = createProgressBar({ total: fileSize, label: 'normalize' });
 * bar.update(bytesRead, rows);
 * bar.stop();
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const started = options.startedAt ?? performance.now();
  const known = options.total !== null && options.total > 0;
  const bar = new SingleBar(
    {
      stream,
      format: known
        ? `${options.label} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`
        : `${options.label} {rows} rows | {rate} rows/s`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    Presets.shades_classic,
  );
  bar.start(known ? (options.total as number) : 1, 0, { rows: '0', rate: '0' });
  return {
    update(value, rows) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(known ? value : 0, {
        rows: rows.toLocaleString('en-US'),
        rate: seconds > 0 ? Math.round(rows / seconds).toLocaleString('en-US') : '0',
      });
    },
    stop() {
      bar.stop();
    },
  };
}
