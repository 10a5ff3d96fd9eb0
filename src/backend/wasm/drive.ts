/**
 * A kernel driver written once for both kinds of call. A driver is a generator of steps:
 * it copies a pass's inputs into the memory, yields the kernel's arguments, and copies the
 * results out when resumed. `driveSync` calls the kernel at each step (blocking for
 * workers where it splits); `driveAsync` awaits it (a browser page's main thread may not
 * block). Both are self-contained, so an ahead-of-time module carries them by their source.
 */

/** A driver: the kernel calls of one invocation, as the arguments each step needs. */
export type Steps<A extends unknown[], S> = (...args: A) => Generator<S, void, void>;

/** Runs every step's kernel call on the spot. */
export function driveSync<A extends unknown[], S>(steps: Steps<A, S>, call: (step: S) => void): (...args: A) => void {
  return (...args) => {
    const g = steps(...args);
    for (let r = g.next(); !r.done; r = g.next()) call(r.value);
  };
}

/** Awaits every step's kernel call before resuming the driver. */
export function driveAsync<A extends unknown[], S>(steps: Steps<A, S>, call: (step: S) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    const g = steps(...args);
    for (let r = g.next(); !r.done; r = g.next()) await call(r.value);
  };
}
