import crypto from 'node:crypto';
import { releaseLease } from '../store/supervision-repository.ts';
import type { ServiceContext } from './context.ts';

/**
 * Run `work(holder)` every `intervalMs` (the first run after `firstDelayMs`), never two runs at once and
 * without keeping the process alive; a failed run goes to `onError`. `holder` names this process for a
 * database lease named `lease` (the work takes it, see tryAcquireLease); the returned stop function waits
 * for a run in progress, then releases the lease. Used by the supervision scheduler and the snapshot
 * refresher.
 */
export function startPeriodic(
  ctx: ServiceContext,
  opts: {
    lease: string;
    intervalMs: number;
    firstDelayMs: number;
    work: (holder: string) => Promise<unknown>;
    onError: (error: unknown) => void;
    /** Where a failed lease release at stop goes (default: the stop function rejects). */
    onReleaseError?: (error: unknown) => void;
  },
): () => Promise<void> {
  const holder = `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  let running: Promise<unknown> | null = null;
  const tick = (): void => {
    if (running) return;
    running = opts
      .work(holder)
      .catch(opts.onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  const first = setTimeout(tick, opts.firstDelayMs);
  first.unref();
  return async () => {
    clearInterval(timer);
    clearTimeout(first);
    if (running) await running;
    const released = releaseLease(ctx.store.db, opts.lease, holder);
    await (opts.onReleaseError ? released.catch(opts.onReleaseError) : released);
  };
}
