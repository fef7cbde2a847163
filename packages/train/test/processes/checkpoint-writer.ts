// Run by io-kill.test.ts in a child process: saves checkpoints of a 4 MB model to one path in a
// loop, each with different weights, until it is killed.

import { noGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Linear, Sequential } from "@tensorkit/nn";
import { add, registerBackend, tidy } from "@tensorkit/tensor";
import { compile } from "../../src/index.js";
import { saveCheckpoint } from "../../src/node.js";

registerBackend("cpu", createCpuBackend);
const path = process.argv[2]!;
const model = new Sequential(new Linear(1000, 1000));
const trainer = compile(model, { optimizer: "sgd", loss: "mse" });
for (let n = 1; ; n++) {
  noGrad(() =>
    tidy(() => {
      for (const p of model.parameters()) p.assign(add(p, 1));
    }),
  );
  process.stdout.write(`saving ${n}\n`);
  await saveCheckpoint(path, trainer, { epoch: n });
}
