// Tests: unit, golden and property suites under test/. Benchmarks live in bench/ and never run here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
