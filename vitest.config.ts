import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests share one server and one Chromium per file; two cores, so stay sequential.
    fileParallelism: false,
    // Imports its JSON schema without `with { type: 'json' }`, which only a bundler accepts.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
