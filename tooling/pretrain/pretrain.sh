#!/usr/bin/env bash
# Trains the CNN that @tensorkit/models ships as "mnist-cnn-digits-0-4", with tensorkit's own CLI:
# the architecture of mnist-cnn.json on the MNIST digits 0–4 of the fixed training split
# (about 4,000 images), tested on the digits 0–4 of the fixed test split. Deterministic: same
# seed, same backend, same file. About 20 s on the wasm backend.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT=packages/models/weights/mnist-cnn-digits-0-4.safetensors
pnpm tensorkit train mnist \
  --classes 0,1,2,3,4 \
  --config tooling/pretrain/mnist-cnn.json \
  --epochs 5 --batch-size 64 --optimizer adam --lr 0.002 --seed 0 --backend wasm \
  --out "$OUT" --json --quiet > tooling/pretrain/mnist-cnn-digits-0-4.run.json
node -e 'const r = require(process.argv[1]); console.log(`test accuracy ${r.test.accuracy} on digits 0-4; ${r.epochs} epochs in ${r.timing.fitSeconds.toFixed(0)} s`)' \
  "$ROOT/tooling/pretrain/mnist-cnn-digits-0-4.run.json"
ls -l "$OUT"
