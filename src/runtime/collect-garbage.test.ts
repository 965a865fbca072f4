import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.js';

describe('collectGarbage', () => {
  it('collects an unreachable object at once, every time it is called', async () => {
    for (let round = 0; round < 2; round++) {
      let big: number[] | undefined = Array.from({ length: 100_000 }, (_, i) => i);
      const ref = new WeakRef(big);
      big = undefined;
      // A WeakRef target stays alive until the end of the job that created or read it.
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      expect(ref.deref()).toBeUndefined();
    }
  });
});
