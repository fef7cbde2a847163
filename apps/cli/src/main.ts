import { Command, CommanderError, Option } from "commander";
import { classList } from "./class-filter.js";
import { evaluate } from "./commands/evaluate.js";
import { type ExportOptions, exportModel } from "./commands/export.js";
import { type FinetuneOptions, finetune, freezeOption } from "./commands/finetune.js";
import { info } from "./commands/info.js";
import { backends, datasets } from "./commands/list.js";
import { predict } from "./commands/predict.js";
import { type SearchCommandOptions, search } from "./commands/search.js";
import { type TrainOptions, train } from "./commands/train.js";
import { errorLine, isUserError } from "./errors.js";
import { type Io, processIo } from "./io.js";
import {
  fraction,
  intList,
  nonNegativeInt,
  nonNegativeNumber,
  positiveInt,
  positiveNumber,
} from "./options.js";

const VERSION = "0.0.0";
const OPTIMIZERS = ["adam", "sgd", "adamw", "rmsprop", "adagrad", "adadelta", "adamax"] as const;
const ACTIVATIONS = ["relu", "tanh", "sigmoid", "gelu", "elu", "leakyRelu", "softplus"] as const;

/** Options every command takes. */
function common(cmd: Command): Command {
  return cmd
    .option("--json", "print one JSON document instead of tables", false)
    .option("--verbose", "print stack traces of errors", false)
    .addOption(new Option("--backend <name>", "backend to compute on").default("cpu"));
}

function program(io: Io): Command {
  const p = new Command("tensorkit")
    .description("Train, evaluate and run tensorkit models from the terminal.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // Commander's own errors (unknown option, bad value, missing argument): one line, our prefix.
      outputError: (s, write) => write(`tensorkit: ${s.replace(/^error: /, "").trim()}\n`),
    })
    .showSuggestionAfterError(true);

  common(
    p
      .command("train")
      .description("train a model on a built-in data set or a CSV file and print its test metrics")
      .argument("<data>", "a built-in data set (tensorkit datasets) or a CSV file")
      .option("--target <column>", "the CSV column to predict (default: the last one)")
      .option("--text <column>", "a CSV column of free text to classify (with --model lstm)")
      .option("--user <column>", "the CSV column of user ids (with --model ncf: each row an interaction)")
      .option("--item <column>", "the CSV column of item ids (with --model ncf)")
      .addOption(
        new Option("--task <task>", "override the task inferred from the target").choices([
          "classification",
          "regression",
        ]),
      )
      .addOption(
        new Option("--model <kind>", "architecture").choices(["mlp", "cnn", "lstm", "ncf"]).default("mlp"),
      )
      .option("--config <model.json>", "a model config (as model.toConfig() writes it) instead of --model")
      .option("--hidden <sizes>", "hidden layer sizes, e.g. 64,32", intList)
      .addOption(new Option("--activation <name>", "hidden activation").choices(ACTIVATIONS).default("relu"))
      .option("--dropout <rate>", "dropout after each hidden layer", fraction, 0)
      .option("--l2 <lambda>", "L2 penalty on the weights", nonNegativeNumber, 0)
      .option("--epochs <n>", "epochs to train", positiveInt)
      .option("--batch-size <n>", "samples per gradient step", positiveInt)
      .addOption(new Option("--optimizer <name>", "optimizer").choices(OPTIMIZERS).default("adam"))
      .option("--lr <rate>", "learning rate", positiveNumber)
      .option(
        "--val-split <fraction>",
        "hold out this fraction of the training data for validation",
        fraction,
        0,
      )
      .option(
        "--test-split <fraction>",
        "hold out this fraction for the test metrics (stratified for classification)",
        fraction,
        0.2,
      )
      .option(
        "--early-stopping <patience>",
        "stop after this many epochs without improvement (restores the best weights)",
        positiveInt,
      )
      .option("--seed <n>", "seed of the split, the initial weights and the shuffling", nonNegativeInt, 0)
      .option("--limit <n>", "use at most this many samples (quick runs)", positiveInt)
      .option("--classes <names>", "train on these classes only, e.g. 0,1,2,3,4", classList)
      .option("--per-class <n>", "use only the first N training samples of each class", positiveInt)
      .option("--out <file>", "save the model (weights, architecture, preprocessing) as .safetensors")
      .option("--report <file>", "write an HTML report with the training curves and the confusion matrix")
      .option("-q, --quiet", "no progress or notes on stderr", false),
  ).action(async (data: string, opts: TrainOptions) => train(data, opts, io));

  common(
    p
      .command("finetune")
      .description(
        "adapt a pretrained model to a data set: a new head on the frozen base, then optionally its top layers at a lower learning rate",
      )
      .argument(
        "<pretrained>",
        "a model file (from tensorkit train --out), or a model @tensorkit/models ships: mnist-cnn-digits-0-4",
      )
      .argument("<data>", "a built-in data set or a CSV file")
      .option(
        "--freeze <all|N>",
        "freeze the whole base, or only its first N layers with weights",
        freezeOption,
        "all",
      )
      .option(
        "--new-head <classes>",
        "a new head with this many outputs (default: when the classes differ)",
        positiveInt,
      )
      .option(
        "--unfreeze-top <n>",
        "then unfreeze the top N layers of the base and train on",
        nonNegativeInt,
        0,
      )
      .option("--epochs <n>", "epochs of the head phase", positiveInt, 10)
      .option("--fine-tune-epochs <n>", "epochs after --unfreeze-top (default: --epochs)", positiveInt)
      .option(
        "--lr <rate>",
        "learning rate of the head (default: the optimizer's, Adam 0.001)",
        positiveNumber,
      )
      .option(
        "--base-lr <rate>",
        "learning rate of the unfrozen base layers (default: --lr / 10)",
        positiveNumber,
      )
      .option("--batch-size <n>", "samples per gradient step", positiveInt, 32)
      .addOption(new Option("--optimizer <name>", "optimizer").choices(OPTIMIZERS).default("adam"))
      .option("--target <column>", "the CSV column to predict (default: the last one)")
      .option("--test-split <fraction>", "hold out this fraction for the test metrics", fraction, 0.2)
      .option("--classes <names>", "use these classes only, e.g. 5,6,7,8,9", classList)
      .option("--per-class <n>", "use only the first N training samples of each class", positiveInt)
      .option("--limit <n>", "use at most this many samples (quick runs)", positiveInt)
      .option("--seed <n>", "seed of the split, the new head and the shuffling", nonNegativeInt, 0)
      .option("--out <file>", "save the fine-tuned model as .safetensors")
      .option("-q, --quiet", "no progress or notes on stderr", false),
  ).action(async (pretrained: string, data: string, opts: FinetuneOptions) =>
    finetune(pretrained, data, opts, io),
  );

  common(
    p
      .command("evaluate")
      .description("print a saved model's metrics on a data set or a CSV file (with the target column)")
      .argument("<model>", "a model file written by tensorkit train --out")
      .argument("<data>", "a built-in data set or a CSV file")
      .option(
        "--target <column>",
        "the CSV column with the true values, for a model trained on a built-in data set (default: the last)",
      )
      .option("--seed <n>", "seed of a synthetic data set", nonNegativeInt, 0),
  ).action(async (model: string, data: string, opts) => evaluate(model, data, opts, io));

  common(
    p
      .command("predict")
      .description("predict every row of a CSV file with a saved model (applies its saved preprocessing)")
      .argument("<model>", "a model file written by tensorkit train --out")
      .argument("<csv>", "the rows to predict")
      .option("--out <file>", "write the rows with their predictions here instead of to standard output"),
  ).action(async (model: string, csv: string, opts) => predict(model, csv, opts, io));

  common(
    p
      .command("info")
      .description("describe a saved model: layers, parameters, data, training")
      .argument("<model>", "a model file"),
  ).action(async (model: string, opts) => info(model, opts, io));

  common(
    p
      .command("search")
      .description(
        "choose an architecture and training settings by cross-validated grid or random search, then test the best once",
      )
      .argument("<data>", "a built-in data set (tensorkit datasets) or a CSV file")
      .requiredOption(
        "--space <space.json>",
        'the search space, e.g. {"hidden": [[16], [32, 16]], "activation": ["relu", "tanh"]}',
      )
      .option("--target <column>", "the CSV column to predict (default: the last one)")
      .addOption(
        new Option("--task <task>", "override the task inferred from the target").choices([
          "classification",
          "regression",
        ]),
      )
      .addOption(
        new Option("--model <kind>", "architecture family").choices(["mlp", "cnn", "lstm"]).default("mlp"),
      )
      .option("--folds <k>", "cross-validation folds (stratified for classification)", positiveInt, 5)
      .addOption(
        new Option("--metric <name>", "what to rank by (default: accuracy, or mse for regression)").choices([
          "accuracy",
          "f1",
          "precision",
          "recall",
          "mse",
          "mae",
          "loss",
        ]),
      )
      .option(
        "--trials <n>",
        "random search: draw this many candidates (distributions allowed in the space)",
        positiveInt,
      )
      .option("--halving", "successive halving: train all briefly, keep the better half, train longer", false)
      .option(
        "--workers <n>",
        "run candidates in this many worker threads (same results as 1)",
        positiveInt,
        1,
      )
      .option(
        "--seed <n>",
        "seed of the split, the folds, the draws and the initial weights",
        nonNegativeInt,
        0,
      )
      .option(
        "--test-split <fraction>",
        "hold out this fraction for the final test (stratified for classification)",
        fraction,
        0.2,
      )
      .option("--limit <n>", "use at most this many samples (quick runs)", positiveInt)
      .option("--out <file>", "save the refitted best model as .safetensors")
      .option("--csv <file>", "write the results table as CSV")
      .option("-q, --quiet", "no progress or notes on stderr", false),
  ).action(async (data: string, opts: SearchCommandOptions) => search(data, opts, io));

  common(
    p
      .command("export")
      .description("export a saved model as ONNX, for onnxruntime and other serving engines")
      .argument("<model>", "a model file (.safetensors with its architecture)")
      .requiredOption("--onnx <file>", "where to write the .onnx file (written atomically)")
      .option("--opset <n>", "the ONNX opset, 13 to 21", positiveInt, 17)
      .option(
        "--input-shape <dims>",
        "the shape of one input sample, e.g. 1,28,28 (default: from the file)",
        intList,
      ),
  ).action(async (model: string, opts: ExportOptions) => exportModel(model, opts, io));

  common(p.command("datasets").description("list the built-in data sets")).action((opts) =>
    datasets(opts, io),
  );
  common(p.command("backends").description("list the compute backends")).action(async (opts) =>
    backends(opts, io),
  );
  return p;
}

/**
 * Runs the `tensorkit` command with `argv` (without `node` and the script) and returns its exit
 * code. Errors print one line to stderr (with the stack only under `--verbose`).
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const verbose = argv.includes("--verbose");
  try {
    await program(io).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version end with code 0; commander has already printed its one-line error.
      return e.exitCode;
    }
    if (isUserError(e)) io.err(`tensorkit: ${errorLine(e)}\n`);
    else
      io.err(
        `tensorkit: internal error: ${errorLine(e)}${verbose ? "" : " (run again with --verbose for details)"}\n`,
      );
    if (verbose && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    return 1;
  }
}
