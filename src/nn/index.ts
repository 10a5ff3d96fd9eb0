/** `nn`: neural-network building blocks (activations, normalisations). */
export * from "./functions";
