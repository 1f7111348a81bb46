// The worker thread of a parallel `sla check` (parallel-check.ts): checks one byte range of the CSV
// and posts its totals (the kept values of percentiles moved, not copied). Bundled as dist/check-worker.js.
import { parentPort } from 'node:worker_threads';
import { checkRange, type RangeJob } from './parallel-check.js';

// Started before its range is known (parallel-check.ts, workerRunner): the job comes as a message.
parentPort!.once('message', async (job: RangeJob) => {
  const answer = await checkRange(job);
  const moved = answer.ok ? answer.part.buckets.flatMap((list) => list.flatMap(([, b]) => (b.values !== null ? [b.values.buffer as ArrayBuffer] : []))) : [];
  parentPort!.postMessage(answer, moved);
});
