// Timing for the benchmarks: a case runs in a loop long enough to measure, several times; the median wins.
// Results are kept in a sink so the engine cannot drop the work as dead code.

let sink = 0;
export const keep = (value) => {
  sink ^= typeof value === 'number' ? value : value === undefined || value === null ? 0 : 1;
};

/**
 * Milliseconds per call of `run`: the median of `samples` samples, each looping `run` for at least `sampleMs`
 * (one call when a call takes longer). Stops early, after three samples, once `budgetMs` is spent.
 */
export function measure(run, { samples = 7, sampleMs = 40, budgetMs = 4000 } = {}) {
  const started = performance.now();
  let iterations = 1;
  // Calibrate (and warm up): grow the loop until one sample takes sampleMs.
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) keep(run());
    const elapsed = performance.now() - start;
    if (elapsed >= sampleMs || iterations >= 1 << 24) break;
    iterations = Math.min(
      1 << 24,
      Math.max(iterations * 2, Math.ceil((iterations * sampleMs) / Math.max(elapsed, 0.01))),
    );
  }
  const times = [];
  while (times.length < samples) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) keep(run());
    times.push((performance.now() - start) / iterations);
    if (times.length >= 3 && performance.now() - started > budgetMs) break;
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

export const sinkValue = () => sink;
