/** What every example gets from the runner, and what it gives back. */
import type { Progress } from "./progress";

export interface ExampleContext {
  /** Where pictures go. */
  readonly out: string;
  readonly png: boolean;
  /** Reduced sizes (the test suite's settings): seconds instead of tens of seconds. */
  readonly quick: boolean;
  readonly progress: Progress;
  readonly log: (line: string) => void;
}

export interface Example {
  readonly name: string;
  readonly summary: string;
  readonly run: (ctx: ExampleContext) => Promise<void>;
}
