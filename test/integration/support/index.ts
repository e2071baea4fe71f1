export { FIXTURE_ENV, FIXTURE_FILE_NAME, fixturePath, loadFixture } from './fixture';
export type { TestFixture } from './fixture';
export { requestScreenshot } from './screenshot';
