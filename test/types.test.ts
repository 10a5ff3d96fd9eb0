/**
 * Types that say what runs (checked by `tsc --noEmit`, which covers test/; the runtime
 * assertions confirm the values have the types claimed): numbers in, numbers out through
 * the transforms; loop carries as the Tensors the body receives; tree.map's result; each
 * optimizer's own state type, and updates that must match the params.
 */
import ts from "typescript";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Tensor, grad, hessian, jit, jvp, lax, np, optim, tree, valueAndGrad, vmap } from "../src";
import type { AdamState, TraceState } from "../src/optim";

const f = (x: Tensor) => np.sum(np.square(x));
const s = (x: Tensor) => np.sin(x);

describe("types", () => {
  it("numbers in, numbers out through grad, jit, jvp, valueAndGrad and hessian", () => {
    const [y, t] = jvp(s, [0.5], [1]);
    expectTypeOf(y).toEqualTypeOf<number>();
    expectTypeOf(t).toEqualTypeOf<number>();
    expect(typeof y).toBe("number");
    expect(t).toBeCloseTo(Math.cos(0.5), 15);
    expectTypeOf(grad(s)(0.5)).toEqualTypeOf<number>();
    expectTypeOf(jit(grad(s))(0.5)).toEqualTypeOf<number>();
    expectTypeOf(valueAndGrad(s)(0.5)).toEqualTypeOf<[number, number]>();
    expectTypeOf(hessian(s)(0.5)).toEqualTypeOf<number>();
    expect(typeof jit(grad(s))(0.5)).toBe("number");
    // Tensors in, Tensors out.
    expectTypeOf(jit(f)(np.array([1]))).toEqualTypeOf<Tensor>();
    expectTypeOf(vmap(grad(s))(np.array([1, 2]))).toEqualTypeOf<Tensor>();
    expectTypeOf(jvp(s, [np.array(0.5)], [np.array(1)])).toEqualTypeOf<[Tensor, Tensor]>();
  });

  it("jit(f).async promises what the call returns, and takes what the call takes", async () => {
    const dTime = jit(grad(s));
    expectTypeOf(dTime.async(0.5)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(jit(f).async(np.array([1]))).toEqualTypeOf<Promise<Tensor>>();
    expectTypeOf(jit(vmap(grad(s))).async(np.array([1, 2]))).toEqualTypeOf<Promise<Tensor>>();
    expectTypeOf(jit(vmap(s)).async(np.array([1, 2]))).toEqualTypeOf<Promise<Tensor>>();
    expect(await dTime.async(0.5)).toBe(dTime(0.5));
    // @ts-expect-error: a string is no argument of grad(s)
    void dTime.async("0.5").catch(() => undefined);
  });

  it("loop carries are Tensors in the body and out of the loop, whatever JS values they start as", () => {
    const n = lax.foriLoop(0, 3, (_i, c) => c.add(1), 0);
    expectTypeOf(n).toEqualTypeOf<Tensor>();
    expect(n.item()).toBe(3);
    const w = lax.whileLoop((c) => c.less(5), (c) => c.add(2), 0);
    expectTypeOf(w).toEqualTypeOf<Tensor>();
    const [carry, ys] = lax.scan((c, x: Tensor) => [c.add(x), c.mul(x)] as const, 0, np.array([1, 2, 3]));
    expectTypeOf(carry).toEqualTypeOf<Tensor>();
    expectTypeOf(ys).toEqualTypeOf<Tensor>();
    const pair = lax.foriLoop(0, 2, (_i, c) => ({ a: c.a.add(1), b: c.b }), { a: 0, b: np.ones([2]) });
    expectTypeOf(pair).toEqualTypeOf<{ a: Tensor; b: Tensor }>();
    // An annotated carry is taken as written.
    const both = lax.whileLoop(([i]: [Tensor, Tensor]) => np.less(i, 3), ([i, a]: [Tensor, Tensor]) => [i.add(1), a.mul(2)] as [Tensor, Tensor], [0, 1]);
    expectTypeOf(both).toEqualTypeOf<[Tensor, Tensor]>();
  });

  it("tree.map returns the tree with each leaf mapped", () => {
    const m = tree.map((x) => np.sum(x), { a: np.ones([2]), b: [np.ones([3]), np.zeros([1])] });
    expectTypeOf(m).toEqualTypeOf<{ a: Tensor; b: Tensor[] }>();
    expect(m.b[0].item()).toBe(3);
    const lengths = tree.map((x: number) => String(x), [1, 2]);
    expectTypeOf(lengths).toEqualTypeOf<string[]>();
  });

  it("each optimizer has its own state type, and updates must match the params", () => {
    const params = { w: np.ones([2]) };
    const adam = optim.adam(0.1);
    expectTypeOf(adam.init(params)).toEqualTypeOf<[AdamState, Tensor | null]>();
    expectTypeOf(optim.sgd(0.1, { momentum: 0.9 }).init(params)).toEqualTypeOf<[Tensor | null] | [TraceState, Tensor | null]>();
    const state = adam.init(params);
    const [updates] = adam.update({ w: np.ones([2]) }, state, params);
    expectTypeOf(optim.applyUpdates(params, updates)).toEqualTypeOf<{ w: Tensor }>();
    // @ts-expect-error: updates of another structure are refused by the type checker too
    expect(() => optim.applyUpdates(params, { nonsense: 1 })).toThrow(/structure/);
    // @ts-expect-error: a state made by another optimizer
    expect(() => adam.update(params, [null], params)).toThrow();
  });
  it("a JS array where a function takes one Tensor is refused with a message saying what to pass", () => {
    // @ts-expect-error [2, 17] is a pytree of two numbers, not one Tensor
    expect(() => grad((x: Tensor) => x.sum())([2, 17])).toThrow();
    expectTypeOf(grad((x: Tensor) => np.sum(np.square(x)))(np.array([2, 17]))).toEqualTypeOf<Tensor>();
    // A file that exists only in memory, beside this one, compiled against src/.
    const file = `${process.cwd()}/test/in-memory-use.ts`;
    const source = 'import { type Tensor, grad } from "../src";\ngrad((x: Tensor) => x.sum())([2, 17]);\n';
    const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, noEmit: true };
    const host = ts.createCompilerHost(options);
    const [read, exists] = [host.readFile.bind(host), host.fileExists.bind(host)];
    host.readFile = (name) => (name === file ? source : read(name));
    host.fileExists = (name) => name === file || exists(name);
    const program = ts.createProgram([file], options, host);
    const messages = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("a JS array is a pytree of separate numbers, not one Tensor: pass np.array([...]), or declare the parameter (x: Tensor | Tensor[])");
    expect(messages[0]).not.toContain("BYTES_PER_ELEMENT");
  }, 30_000);
});
