// Worker-thread entry of the normalize pool: receives batches, answers with results in the
// same order. Loaded by `NormalizePool` from the built JS (or through tsx from src/).
import { parentPort } from 'node:worker_threads';
import { normalizeBatch, type PhoneBatch } from './normalize-batch.js';

parentPort?.on('message', (message: { id: number; batch: PhoneBatch }) => {
  parentPort?.postMessage({ id: message.id, results: normalizeBatch(message.batch) });
});
