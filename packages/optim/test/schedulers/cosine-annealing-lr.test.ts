import { describe } from "vitest";
import { describeTrajectories, setUpBackends } from "../helpers.js";

setUpBackends();

describe("CosineAnnealingLR", () => {
  describeTrajectories(["cosine_annealing_lr"]);
});
