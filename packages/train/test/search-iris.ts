import { StandardScaler, trainTestSplit } from "@tensorkit/data";
import { iris } from "@tensorkit/datasets";
import type { Tensor } from "@tensorkit/tensor";
import "./helpers.js";

/** Iris split 80/20 (stratified, seeded), standardised with statistics of the training part only. */
export function irisSplit(): {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  dispose(): void;
} {
  const d = iris();
  const [xTr, xTe, yTrain, yTest] = trainTestSplit([d.x, d.y], {
    testSize: 0.2,
    stratify: d.y,
    seed: 0,
  }) as Tensor[];
  const scaler = new StandardScaler().fit(xTr!);
  const xTrain = scaler.transform(xTr!) as Tensor;
  const xTest = scaler.transform(xTe!) as Tensor;
  return {
    xTrain,
    yTrain: yTrain!,
    xTest,
    yTest: yTest!,
    dispose() {
      for (const t of [d.x, d.y, xTr!, xTe!, yTrain!, yTest!, xTrain, xTest]) if (!t.isDisposed) t.dispose();
    },
  };
}

/** A row without its timing, which is the only part of a result that may differ between runs. */
export function untimed<T extends { fitSeconds: number }>(rows: readonly T[]): Omit<T, "fitSeconds">[] {
  return rows.map(({ fitSeconds: _, ...rest }) => rest);
}
