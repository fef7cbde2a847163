import { Command, CommanderError, Option } from "commander";
import { evaluate } from "./commands/evaluate.js";
import { info } from "./commands/info.js";
import { backends, datasets } from "./commands/list.js";
import { predict } from "./commands/predict.js";
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
      .addOption(
        new Option("--task <task>", "override the task inferred from the target").choices([
          "classification",
          "regression",
        ]),
      )
      .addOption(new Option("--model <kind>", "architecture").choices(["mlp", "cnn", "lstm"]).default("mlp"))
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
      .option("--out <file>", "save the model (weights, architecture, preprocessing) as .safetensors")
      .option("--report <file>", "write an HTML report with the training curves and the confusion matrix")
      .option("-q, --quiet", "no progress or notes on stderr", false),
  ).action(async (data: string, opts: TrainOptions) => train(data, opts, io));

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
