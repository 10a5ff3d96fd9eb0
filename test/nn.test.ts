import { describe, expect, it } from "vitest";
import { type Tensor, grad, jit, nn, np, vmap } from "../src";
import { expectClose } from "./helpers/assert";

describe("nn functions", () => {
  it("sigmoid, softplus, relu", () => {
    expectClose(nn.sigmoid([0, 100, -100]), [0.5, 1, 1 / (1 + Math.exp(100))]);
    expectClose(nn.softplus([0, 1000, -1000]), [Math.LN2, 1000, 0], 1e-15, 1e-300);
    expectClose(nn.logSigmoid([0, 1000, -1000, 2]), [-Math.LN2, 0, -1000, -Math.log1p(Math.exp(-2))], 1e-15, 1e-300);
    expect(nn.relu(np.array([-1, 2])).tolist()).toEqual([0, 2]);
  });

  it("logsumexp stays finite for large inputs and handles -inf", () => {
    const r = nn.logsumexp([1000, 1000.5]);
    expectClose(r, 1000.5 + Math.log1p(Math.exp(-0.5)));
    expectClose(nn.logsumexp([-Infinity, -Infinity]), -Infinity);
    expectClose(nn.logsumexp([[1, 2], [3, 4]], 1), [2 + Math.log1p(Math.exp(-1)), 4 + Math.log1p(Math.exp(-1))]);
    expect(nn.logsumexp([[1, 2]], 1, { keepdims: true }).shape).toEqual([1, 1]);
  });

  it("softmax and logSoftmax along the last axis", () => {
    expectClose(nn.softmax([1, 1]), [0.5, 0.5]);
    expectClose(nn.softmax([1000, 1000]), [0.5, 0.5]);
    const x = np.array([[1, 2, 3]]);
    expectClose(np.sum(nn.softmax(x), -1), [1]);
    expectClose(nn.logSoftmax(x), np.log(nn.softmax(x)), 1e-14, 1e-14);
  });

  it("derivatives at the kinks are JAX's: relu'(0) = 0, softplus'(0) = 1/2", () => {
    const dRelu = grad((x: Tensor) => nn.relu(x));
    expect([dRelu(-1), dRelu(0), dRelu(2)]).toEqual([0, 0, 1]);
    expect(jit(grad((x: Tensor) => nn.relu(x).sum()))(np.array([-1, 0, 2])).tolist()).toEqual([0, 0, 1]);
    expect(vmap(dRelu)(np.array([-1, 0, 2])).tolist()).toEqual([0, 0, 1]);
    const dSoftplus = grad((x: Tensor) => nn.softplus(x));
    expect(dSoftplus(0)).toBe(0.5);
    expectClose(dSoftplus(1000), 1);
    expectClose(dSoftplus(-1000), 0, 0, 1e-300);
  });
});
