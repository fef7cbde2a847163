import { convRules } from "./conv.js";
import { elementwiseRules } from "./elementwise.js";
import { indexingRules } from "./indexing.js";
import { joinRules } from "./join.js";
import { linalgRules } from "./linalg.js";
import { lossRules } from "./losses.js";
import { poolRules } from "./pool.js";
import { recurrentRules } from "./recurrent.js";
import { reduceRules } from "./reduce.js";
import { softmaxRules } from "./softmax.js";
import type { RuleTable } from "./types.js";
import { viewRules } from "./views.js";

/**
 * Every gradient rule, by the op name ops record under. Rules attach to the public ops of
 * `@tensorkit/tensor` that do not compose other recorded ops (see docs/architecture.md).
 */
export const RULES: RuleTable = {
  ...elementwiseRules,
  ...reduceRules,
  ...viewRules,
  ...linalgRules,
  ...convRules,
  ...poolRules,
  ...softmaxRules,
  ...indexingRules,
  ...joinRules,
  ...lossRules,
  ...recurrentRules,
};
