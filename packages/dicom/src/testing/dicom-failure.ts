import { DicomError } from '../errors.ts';

/**
 * Test helper: runs `run` and returns the `DicomError` it throws. Fails (throws a plain Error)
 * when nothing is thrown, something else is thrown, or the message is not one line.
 */
export async function dicomFailure(run: () => unknown): Promise<DicomError> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof DicomError)) throw error;
    if (error.message.includes('\n')) throw new Error(`the message is not one line: ${error.message}`);
    return error;
  }
  throw new Error('expected a DicomError, but nothing was thrown');
}
