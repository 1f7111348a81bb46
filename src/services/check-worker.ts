// The worker thread of a parallel `sla check` (parallel-check.ts): checks one byte range of the CSV
// and posts its totals (the kept values of percentiles moved, not copied). Bundled as dist/check-worker.js.
import { parentPort, workerData } from 'node:worker_threads';
import { checkRange, type RangeJob } from './parallel-check.js';

const answer = await checkRange(workerData as RangeJob);
const moved = answer.ok ? answer.part.buckets.flatMap((list) => list.flatMap(([, b]) => (b.values !== null ? [b.values.buffer as ArrayBuffer] : []))) : [];
parentPort!.postMessage(answer, moved);
