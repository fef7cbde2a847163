import { machineInfo } from "./machine.js";
import { parseOptions, USAGE, UsageError } from "./options.js";
import { formatSummary, formatWorkload, toJson } from "./report.js";
import { type RunSettings, runWorkload, type WorkloadResult } from "./runner.js";
import { loadTargets } from "./targets.js";
import { workloads } from "./workloads/index.js";

// Progress and warnings go to stderr, so that stdout holds only the tables or the one JSON object.
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    log(`bench: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const selected = workloads.filter((w) =>
    options.filters.length > 0
      ? options.filters.some((f) => w.name.toLowerCase().includes(f.toLowerCase()))
      : !options.quick || w.quick !== false,
  );
  if (options.list) {
    for (const w of workloads) process.stdout.write(`${w.name.padEnd(24)} ${w.description} [${w.unit}]\n`);
    return 0;
  }
  if (selected.length === 0) {
    log(`bench: no workload matches ${options.filters.map((f) => `"${f}"`).join(", ")} (see --list)`);
    return 2;
  }

  const { targets, versions, warnings } = await loadTargets();
  for (const w of warnings) log(`bench: ${w}`);
  if (targets.length === 0) {
    log("bench: no library could be loaded");
    return 1;
  }
  const machine = machineInfo(versions);
  const settings: RunSettings = {
    iterations: options.iterations,
    warmup: options.warmup,
    maxTimeS: options.maxTimeS,
    minIterations: Math.min(3, options.iterations),
  };
  if (!options.json) {
    const libs = Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    process.stdout.write(
      `${machine.cpu}, ${machine.cores} cores, ${machine.os}, node ${machine.node}\n${libs}\n` +
        `targets: ${targets.map((t) => t.id).join(", ")}\n\n`,
    );
  }

  const results: WorkloadResult[] = [];
  for (const [i, workload] of selected.entries()) {
    log(`[${i + 1}/${selected.length}] ${workload.name} …`);
    const result = await runWorkload(workload, targets, settings);
    results.push(result);
    if (!options.json) process.stdout.write(`${formatWorkload(result)}\n\n`);
  }

  if (options.json) process.stdout.write(`${JSON.stringify(toJson(machine, results), null, 2)}\n`);
  else process.stdout.write(`${formatSummary(results)}\n`);

  // A wrong result, a leak or a failed run makes the whole run fail (exit 1), so a CI smoke run catches it.
  const problems = results.flatMap(({ workload, rows }) =>
    rows
      .filter((row) => row.error !== undefined || row.mismatch || row.leaked !== 0)
      .map((row) => `${workload.name} on ${row.target.id}`),
  );
  if (problems.length > 0) log(`bench: problems (errors, mismatches or leaks) in: ${problems.join("; ")}`);
  // A backend that could not be loaded fails the run too: a benchmark that quietly drops
  // tensorkit would still look green.
  for (const w of warnings) log(`bench: ${w}`);
  return problems.length > 0 || warnings.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
