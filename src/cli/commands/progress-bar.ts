import cliProgress from 'cli-progress';

export type Progress = { update: (done: number, total?: number) => void; stop: () => void };

/**
 * A progress bar on a terminal (stderr); without a TTY (CI, pipes) plain lines such as
 * "导入分工表 10/50", at most one per tenth, so logs show the work moving.
 */
export function startProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total}`, stream, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0);
    return {
      update: (done, t) => {
        if (t !== undefined) bar.setTotal(Math.max(t, 1));
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let shown = -1;
  let max = total;
  return {
    update: (done, t) => {
      if (t !== undefined) max = t;
      const step = done >= max ? 10 : Math.floor((done * 10) / Math.max(max, 1));
      if (step <= shown) return;
      shown = step;
      stream.write(`${label} ${done}/${max}\n`);
    },
    stop: () => undefined,
  };
}
