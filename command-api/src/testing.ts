// Test helpers for packages that test against the command API as it runs (not part of its runtime API).
export {
  eventually,
  useCommandApi,
  type ApiResponse,
  type CommandApiFixture,
  type RequestOptions,
  type TestTenant,
} from './test-support/command-api-fixture.js';
