/**
 * A wait that another part of the gateway can cut short: the retry loops (configuration, LiveKit
 * connection) sleep between attempts, and new credentials or a stop must not wait for the timer.
 */
export class WakeableSleep {
  private wakeCurrent: (() => void) | null = null;

  async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeCurrent = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeCurrent = null;
  }

  /** Ends the current sleep now; nothing happens when none is in progress. */
  wake(): void {
    this.wakeCurrent?.();
  }
}
