import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, now. For batch jobs between phases, when a large structure
 * (a million-record registry in memory) has just become garbage: V8 only collects the old
 * generation once it has grown by a factor of what was live at the last collection, so
 * without this the next phase's allocations pile on top of the dead registry and the
 * process peaks far above what it ever holds alive. Costs one full collection (a few
 * hundred ms on a 1 GB heap); call it once per phase boundary, never per record.
 *
 * Node has no public call for this. `global.gc` exists only under `--expose-gc`; otherwise
 * the flag is switched on and `gc` taken from a fresh context, as jest's leak detector does.
 *
 * @example
 * records = [];
 * collectGarbage();
 */
export function collectGarbage(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) gc = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
  }
  gc();
}
