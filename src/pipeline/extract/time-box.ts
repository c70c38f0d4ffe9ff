/**
 * Runs synchronous code under a deadline it cannot ignore. An extraction schema's `pattern` comes
 * from the client and the string it is tested against from the document or an LLM answer: `^(a+)+$`
 * against forty a's and a "!" backtracks 2^40 times, on the thread that also serves HTTP — the
 * whole server stopped answering. A regular expression cannot be interrupted from JavaScript, but
 * the watchdog of a vm script's `timeout` terminates whatever runs inside the call, irregexp's
 * backtracking loop included, and the process carries on. A call costs ~0.5 ms (the watchdog
 * thread), so time-box whole operations, not each test.
 */
import vm from 'node:vm';

const context = vm.createContext({ run: null as (() => unknown) | null });
const script = new vm.Script('run()');

export class TimeBoxExceeded extends Error {
  constructor(ms: number) {
    super(`did not finish within ${ms} ms`);
    this.name = 'TimeBoxExceeded';
  }
}

/** `run()`, or TimeBoxExceeded once it has taken `ms` milliseconds (it is stopped then). */
export function withinMs<T>(ms: number, run: () => T): T {
  context.run = run;
  try {
    return script.runInContext(context, { timeout: ms }) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new TimeBoxExceeded(ms);
    throw error;
  } finally {
    context.run = null;
  }
}
