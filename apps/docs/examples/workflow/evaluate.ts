// #region evaluate
import { classificationReport, confusionMatrix } from "@tensorkit/metrics";
import { classNames, xTest, yTest } from "./preprocess.js";
import { trainer } from "./train.js";

const scores = trainer.evaluate(xTest, yTest); // { loss, accuracy } on the held-out 20 %
const logits = trainer.predict(xTest);
const report = classificationReport(yTest, logits, { targetNames: [...classNames] });
const matrix = confusionMatrix(yTest, logits); // rows: true species, columns: predicted
console.log(scores, report.text, matrix);

// #endregion evaluate

export { logits, matrix, report, scores };
