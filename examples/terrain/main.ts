/**
 * `npm run demo`: the terrain-crossing problem of the post, end to end.
 * Traces `calcTime` into its IR, then descends its gradient as the post does.
 */
import { grad, jit, makeJaxpr, np } from "../../src";
import { calcTime } from "./terrain";

const start = np.array([2, 17]);
console.log("The time to cross, traced into jitgrad's IR (a jaxpr):\n");
console.log(makeJaxpr(calcTime)(start).toString());
console.log(`\nt(2, 17) = ${calcTime(start).item()}`);

const dTime = jit(grad(calcTime)); // Magic!
let [x1, x2] = [2, 17];
const step = 1.5;
const fmt = (v: number) => v.toFixed(12).padStart(18);
console.log("\nGradient descent, 20 steps of x -= 1.5 · jit(grad(calcTime))(x):\n");
console.log(" step                 x1                 x2                  t");
console.log(`${"0".padStart(5)} ${fmt(x1)} ${fmt(x2)} ${fmt(calcTime([np.array(x1), np.array(x2)]).item() as number)}`);
for (let i = 0; i < 20; i++) {
  const [dx1, dx2] = dTime([x1, x2]);
  x1 -= step * dx1;
  x2 -= step * dx2;
  console.log(`${String(i + 1).padStart(5)} ${fmt(x1)} ${fmt(x2)} ${fmt(calcTime([np.array(x1), np.array(x2)]).item() as number)}`);
}
console.log(`\nx1=${x1}, x2=${x2}`);
console.log("\nThe JavaScript jit generated for the gradient:\n");
console.log(dTime.lower([2, 17]).source.split("\nconst guard")[0]);
