import "./setup.js";
// #region module
import { crossEntropy, Linear, Module, ReLU } from "@tensorkit/nn";
import { manualSeed, randn, type Tensor, tensor } from "@tensorkit/tensor";

manualSeed(0); // the same initial weights on every backend
class Net extends Module {
  fc1 = new Linear(4, 8);
  act = new ReLU();
  fc2 = new Linear(8, 3);
  forward(x: Tensor): Tensor {
    return this.fc2.call(this.act.call(this.fc1.call(x)));
  }
}
const net = new Net();
const logits = net.call(randn([5, 4])); // [5, 3]
crossEntropy(logits, tensor(new Int32Array([0, 1, 2, 1, 0]))).backward();
console.log(Object.keys(net.stateDict())); // PyTorch's names: fc1.weight, fc1.bias, …

// #endregion module

// #region keras
import { dense, dropout, sequential } from "@tensorkit/nn";

const model = sequential([dense(16, { activation: "relu", inputShape: [4] }), dropout(0.2), dense(3)]);
console.log(model.summary().text); // layers, output shapes, parameter counts

// #endregion keras

export { logits, model, net };
