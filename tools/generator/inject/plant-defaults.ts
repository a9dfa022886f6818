/** Errors planted per check when the caller names no number (the command line's --inject-count). */
export const DEFAULT_PLANTS_PER_CHECK = 5;
