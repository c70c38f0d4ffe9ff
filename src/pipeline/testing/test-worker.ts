/**
 * A worker for thread-pool tests: spins synchronously, crashes, runs out of heap, echoes, or says
 * where its compile cache is.
 */
import module from 'node:module';
import { DocjobsError } from '../../core/errors.ts';
import { serveTasks } from '../thread-pool.ts';

export type TestTask =
  | { type: 'echo'; value: number }
  | { type: 'spin'; ms: number }
  | { type: 'crash' }
  | { type: 'oom' }
  | { type: 'fail' }
  | { type: 'compile-cache' };

serveTasks<TestTask, number | string | null>(async (task, progress) => {
  switch (task.type) {
    case 'echo':
      progress(task.value);
      return { result: task.value };
    case 'spin': {
      // A synchronous loop like a pdfjs page: only terminate() can stop it.
      progress('started');
      const end = Date.now() + task.ms;
      while (Date.now() < end) {}
      return { result: task.ms };
    }
    case 'crash':
      setImmediate(() => {
        throw new Error('boom');
      });
      return new Promise(() => {});
    case 'oom': {
      // Strings held on the heap until maxOldGenerationSizeMb is reached.
      const held: string[] = [];
      for (let i = 0; ; i++) held.push(`${i}`.repeat(1000));
    }
    case 'fail':
      throw new DocjobsError('PARSE_ERROR', 'bad input');
    case 'compile-cache':
      return { result: module.getCompileCacheDir() ?? null };
  }
});
