import "./setup.js";
// #region scores
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  precisionRecallFscoreSupport,
  rocAuc,
} from "@tensorkit/metrics";
import { softmax, tensor } from "@tensorkit/tensor";

const yTrue = [0, 1, 2, 2, 1, 0];
const logits = tensor([
  [2, 0, 1],
  [0, 3, 1],
  [1, 0, 2],
  [0, 2, 1],
  [0, 1, 0],
  [3, 1, 0],
]); // rows count as the label of their argmax: 0, 1, 2, 1, 1, 0
const acc = accuracy(yTrue, logits); // 5/6
const macro = precisionRecallFscoreSupport(yTrue, logits, { average: "macro" });
const matrix = confusionMatrix(yTrue, logits); // rows: true class, columns: predicted
const auc = rocAuc(yTrue, softmax(logits, -1), { multiClass: "ovr" });
console.log(classificationReport(yTrue, logits, { targetNames: ["cat", "dog", "bird"] }).text);

// #endregion scores

// #region streaming
import { Accuracy } from "@tensorkit/metrics";

const running = new Accuracy(); // accumulates batch by batch, as in a training loop
running.update([0, 1, 2], logits.slice([[0, 3]]));
running.update([2, 1, 0], logits.slice([[3, 6]]));
const streamed = running.compute(); // equals accuracy on all six

// #endregion streaming

export { acc, auc, macro, matrix, streamed };
