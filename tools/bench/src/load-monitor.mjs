/** CPU that other processes use while the suite runs (from /proc/stat and this process's own CPU time). */
import { readFileSync } from 'node:fs';

/** Busy CPU-seconds of the whole machine so far (from /proc/stat), or undefined off Linux. */
export function machineBusySeconds() {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = cpu;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / 100; // USER_HZ = 100 on Linux
  } catch {
    return undefined;
  }
}

const ownSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Starts measuring; `stop()` returns the average number of cores used by OTHER processes (undefined off Linux). */
export function startLoadMonitor() {
  const busy0 = machineBusySeconds();
  const own0 = ownSeconds();
  const t0 = performance.now();
  return {
    stop() {
      const busy1 = machineBusySeconds();
      if (busy0 === undefined || busy1 === undefined) return undefined;
      const wall = (performance.now() - t0) / 1000;
      return Math.max(0, (busy1 - busy0 - (ownSeconds() - own0)) / wall);
    },
  };
}
