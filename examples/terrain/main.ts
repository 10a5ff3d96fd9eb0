/**
 * `npm run demo`: the terrain-crossing problem of the post, end to end.
 * Traces `calcTime` into its IR and evaluates it at the post's start point.
 */
import { makeJaxpr, np } from "../../src";
import { calcTime } from "./terrain";

const start = np.array([2, 17]);
console.log("The time to cross, traced into jitgrad's IR (a jaxpr):\n");
console.log(makeJaxpr(calcTime)(start).toString());
console.log(`\nt(2, 17) = ${calcTime(start).item()}`);
