/**
 * A progress line for slow stretches: silent for the first second, then one line per
 * update on stderr (rewritten in place on a terminal), cleared when done.
 */
export class Progress {
  private readonly began = performance.now();
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(message: string): void {
    const seconds = (performance.now() - this.began) / 1000;
    if (seconds < 1) return;
    const line = `… ${message} (${seconds.toFixed(1)} s)`;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
    this.shown = true;
  }

  done(): void {
    if (this.shown && this.stream.isTTY) this.stream.write("\r\x1b[2K");
  }
}
