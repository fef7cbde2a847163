import "../setup.js";
// #region mlp
import { conv2d, dense, flatten, lstm, maxPooling2d, sequential } from "@tensorkit/nn";
import { manualSeed } from "@tensorkit/tensor";

manualSeed(0);
// tabular data (Iris: 4 numbers → 3 species): a small multilayer perceptron
export const mlp = () =>
  sequential([
    dense(16, { activation: "relu", inputShape: [4] }),
    dense(16, { activation: "relu" }),
    dense(3), // logits: crossEntropy applies the softmax
  ]);
// #endregion mlp

// #region cnn
// images [channels, height, width]: convolutions share weights across positions
export const cnn = sequential(
  [
    conv2d(8, 3, { activation: "relu", padding: "same" }),
    maxPooling2d(2), // 28×28 → 14×14
    conv2d(16, 3, { activation: "relu", padding: "same" }),
    maxPooling2d(2), // → 7×7
    flatten(),
    dense(10),
  ],
  { inputShape: [1, 28, 28] },
);
// #endregion cnn

// #region lstm
// sequences [time, features]: a recurrent layer carries state along the time axis
export const rnn = sequential([lstm(32), dense(1)], { inputShape: [20, 3] });
console.log(cnn.summary().text, rnn.summary().text);
// #endregion lstm
