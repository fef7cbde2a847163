import { describeBackend } from "../src/index.js";
import { createMinimalBackend } from "../src/minimal/index.js";

// The minimal backend has only the required kernels: passing proves every reference composition.
describeBackend("minimal", createMinimalBackend);
