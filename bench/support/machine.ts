import { cpus, totalmem } from "node:os";

/** What a benchmark ran on, printed beside its figures: figures from different machines do not compare. */
export function describeMachine(): { cpuModel: string; vcpus: number; node: string; memoryGiB: number; line: string } {
  const cores = cpus();
  const cpuModel = cores[0]?.model.trim() ?? "unknown CPU";
  const vcpus = cores.length;
  const memoryGiB = Math.round((totalmem() / 2 ** 30) * 10) / 10;
  return { cpuModel, vcpus, node: process.version, memoryGiB, line: `${cpuModel}, ${vcpus} vCPU, ${memoryGiB} GiB, Node ${process.version}, ${process.platform}` };
}
