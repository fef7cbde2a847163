// #region backend
import { createMinimalBackend } from "@tensorkit/backend-conformance/minimal";
import type { Backend, View } from "@tensorkit/tensor";

type Storage = ReturnType<typeof createMinimalBackend> extends Backend<infer S> ? S : never;

/** How often the specialised kernel ran: the core calls it instead of its reference composition. */
export const calls = { relu: 0 };

/**
 * A backend is `{ name, dtypes, kernels }`. This one starts from the minimal backend (the 34
 * required kernels over typed arrays) and adds one optional kernel, `relu`, built here from the
 * required `fill` and `maximum` with a broadcast view (every stride 0) of a single zero.
 */
export function createMyBackend(): Backend<Storage> {
  const minimal = createMinimalBackend();
  const k = minimal.kernels;
  return {
    ...minimal,
    name: "mine",
    kernels: {
      ...k,
      relu: (x: View<Storage>) => {
        calls.relu++;
        const zero = k.fill(1, 0, x.dtype);
        try {
          const zeros: View<Storage> = {
            storage: zero,
            dtype: x.dtype,
            shape: x.shape,
            strides: x.shape.map(() => 0),
            offset: 0,
          };
          return k.maximum(x, zeros); // a new, contiguous storage: never an input's
        } finally {
          k.free(zero);
        }
      },
    },
  };
}

// #endregion backend

// #region register
import { listBackends, registerBackend, relu, setBackend, tensor } from "@tensorkit/tensor";

registerBackend("mine", createMyBackend, { priority: 5 });
await setBackend("mine");
const out = relu(tensor([-2, -0.5, 0, 3])).toArray(); // [0, 0, 0, 3], by our kernel
const info = listBackends().find((b) => b.name === "mine")!; // which optional kernels it specialises

// #endregion register

export { info, out };
