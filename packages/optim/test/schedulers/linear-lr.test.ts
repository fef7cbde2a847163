import { describe } from "vitest";
import { describeTrajectories, setUpBackends } from "../helpers.js";

setUpBackends();

describe("LinearLR", () => {
  describeTrajectories(["linear_lr"]);
});
