/** The other JS libraries, loaded once per run; a missing one is null and its rows are skipped. */
import { loadJaxJs } from "./jax-js";
import { loadTfjs } from "./tfjs";

export interface Peers {
  readonly jax: Awaited<ReturnType<typeof loadJaxJs>>;
  readonly tf: Awaited<ReturnType<typeof loadTfjs>>;
}

export async function loadPeers(): Promise<Peers> {
  return { jax: await loadJaxJs(), tf: await loadTfjs() };
}
