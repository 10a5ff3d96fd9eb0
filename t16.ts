import { loadPhoto } from "./examples/shared/photo";
import { fitSplats, DEFAULTS } from "./examples/splat/splat";
const photo = loadPhoto({ factor: 6 });
console.log(photo.width, photo.height);
const t = performance.now();
fitSplats(photo, { ...DEFAULTS, count: 96, phases: [150, 150] }, (ph, i, l) => { if (i % 50 === 0) console.log(ph, i, l.toExponential(3)); }, (r) => console.log(r));
console.log((performance.now() - t).toFixed(0), "ms");
