/** The time, as the core sees it: `() => new Date()` in the product; tests pass their own to move it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
