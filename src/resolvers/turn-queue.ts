/**
 * Runs CPU-bound tasks a few per turn of the event loop, first asked first run, so that one request asking for
 * thousands (a presigned URL per alias per object of a page) cannot keep the process from answering others meanwhile.
 */
export class TurnQueue {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly tasksPerTurn: number) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    const turn = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.schedule();
    return turn.then(task);
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // setImmediate, not a promise: I/O (other requests, /health) is served between two turns.
    setImmediate(() => {
      this.scheduled = false;
      for (const start of this.waiting.splice(0, this.tasksPerTurn)) start();
      this.schedule();
    });
  }
}
