/**
 * A compression thread of src/integrations/precompress.ts: each job is a file, whose Brotli and
 * gzip copies it puts beside it (./compression.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fileCompressor, type CompressionSettings } from './compression.ts';

export interface CompressionJob {
  file: string;
}

const compressFile = fileCompressor(workerData as CompressionSettings);

parentPort!.on('message', (job: CompressionJob) => {
  parentPort!.postMessage(compressFile(job.file));
});
