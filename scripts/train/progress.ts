/**
 * One status line for a training run: step, loss (last and running mean), learning rate,
 * tokens per second and time left. On a terminal it redraws in place; in a log it prints a
 * line every `every` steps.
 */
export interface ProgressState {
  readonly step: number;
  readonly total: number;
  readonly loss: number;
  readonly meanLoss: number;
  readonly lr: number;
  readonly tokensPerSecond: number;
  readonly secondsLeft: number;
}

const WIDTH = 24;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const m = Math.floor(seconds / 60);
  return m >= 60
    ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
    : `${m}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
}

export function formatProgress(p: ProgressState): string {
  const done = Math.round((p.step / p.total) * WIDTH);
  const bar = `${'='.repeat(Math.max(0, done - 1))}${done > 0 ? '>' : ''}${' '.repeat(WIDTH - done)}`;
  return (
    `step ${String(p.step).padStart(String(p.total).length)}/${p.total} [${bar}] ` +
    `loss ${p.loss.toFixed(3)} (mean ${p.meanLoss.toFixed(3)}) lr ${p.lr.toExponential(1)} ` +
    `${Math.round(p.tokensPerSecond)} tok/s, ${duration(p.secondsLeft)} left`
  );
}

export class Progress {
  private readonly tty = Boolean(process.stdout.isTTY);

  constructor(private readonly every = 50) {}

  update(p: ProgressState): void {
    if (this.tty) process.stdout.write(`\r${formatProgress(p)}\x1b[K`);
    else if (p.step % this.every === 0 || p.step === p.total) console.log(formatProgress(p));
  }

  /** A message on its own line (the progress line continues below it). */
  note(message: string): void {
    if (this.tty) process.stdout.write(`\r\x1b[K${message}\n`);
    else console.log(message);
  }

  done(): void {
    if (this.tty) process.stdout.write('\n');
  }
}
