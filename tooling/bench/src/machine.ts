import { readFileSync } from "node:fs";
import os from "node:os";

/** Where the numbers were taken: enough to tell two result files apart and judge them. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly arch: string;
  readonly node: string;
  readonly v8: string;
  readonly date: string;
  /** Library versions and backend details (`tfjs-wasm`: SIMD and threads as detected). */
  readonly libraries: Record<string, string>;
}

export function machineInfo(libraries: Record<string, string>): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${distribution() ?? os.type()} (${os.type()} ${os.release()})`,
    arch: os.arch(),
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
    libraries,
  };
}

/** PRETTY_NAME from /etc/os-release ("Debian GNU/Linux 12 (bookworm)"), where there is one. */
function distribution(): string | undefined {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
  } catch {
    return undefined;
  }
}
