// Writes our fixed-seed interop models (interop-models.ts) as safetensors state dicts, for
// tooling/fixtures/generate_interop.py to load into PyTorch. Run by that script:
//   node --conditions=@tensorkit/source --import tsx packages/nn/test/interop-write.ts <out dir>
// (from a directory where tsx resolves, e.g. apps/cli).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, serializeSafetensors, setBackend } from "@tensorkit/tensor";
import { architectures, type InteropName, ourModel } from "./interop-models.js";

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");
const out = process.argv[2];
if (!out) throw new Error("usage: interop-write.ts <out dir>");
for (const name of Object.keys(architectures) as InteropName[]) {
  const model = ourModel(name);
  const path = join(out, `ours-${name}.safetensors`);
  writeFileSync(path, serializeSafetensors(model.stateDict(), { format: "pt" }));
  console.log(`${path}: ${Object.keys(model.stateDict()).join(" ")}`);
  model.dispose();
}
