// `pnpm tensorkit …` at the repository root runs this from source. pnpm runs package scripts in
// the package's folder, so paths the user typed are resolved from where they typed them.
import { main } from "./main.js";

const invokedFrom = process.env.INIT_CWD;
if (invokedFrom && invokedFrom !== process.cwd()) process.chdir(invokedFrom);
process.exitCode = await main(process.argv.slice(2));
