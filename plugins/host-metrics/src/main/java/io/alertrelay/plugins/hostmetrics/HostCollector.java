package io.alertrelay.plugins.hostmetrics;

import io.alertrelay.plugin.api.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * Reads the machine once per call and returns samples. Rates (CPU ratios, network errors, OOM kills) are
 * differences from the previous call, so the first call returns none of them.
 */
final class HostCollector {

    /** File system types that are not disks: memory, kernel and container plumbing. */
    static final Set<String> PSEUDO_FS = Set.of(
            "tmpfs",
            "devtmpfs",
            "proc",
            "sysfs",
            "cgroup",
            "cgroup2",
            "devpts",
            "mqueue",
            "debugfs",
            "tracefs",
            "securityfs",
            "pstore",
            "bpf",
            "autofs",
            "configfs",
            "fusectl",
            "hugetlbfs",
            "nsfs",
            "squashfs",
            "ramfs",
            "binfmt_misc",
            "efivarfs",
            "rpc_pipefs",
            "overlay",
            "shm");

    private final SystemInfo si = new SystemInfo();
    private final Set<String> excludedTypes;
    private final Duration predictWindow;
    private final Path vmstat;
    private final Map<String, FillPredictor> predictors = new HashMap<>();
    private final Map<String, long[]> lastNet = new HashMap<>();
    private final ArrayDeque<long[]> oomHistory = new ArrayDeque<>(); // {epochSecond, counter}
    private long[] lastTicks;
    private Instant lastAt;

    HostCollector(Set<String> excludedTypes, Duration predictWindow, Path vmstat) {
        this.excludedTypes = excludedTypes;
        this.predictWindow = predictWindow;
        this.vmstat = vmstat;
    }

    List<Sample> collect(Instant now) {
        List<Sample> out = new ArrayList<>();
        cpu(now, out);
        memory(now, out);
        disks(now, out);
        network(now, out);
        kernel(now, out);
        lastAt = now;
        return out;
    }

    private void cpu(Instant now, List<Sample> out) {
        CentralProcessor cpu = si.getHardware().getProcessor();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        if (lastTicks != null) {
            double total = 0;
            for (int i = 0; i < ticks.length; i++) total += ticks[i] - lastTicks[i];
            if (total > 0) {
                out.add(Sample.of("cpu.user.ratio", delta(ticks, TickType.USER) / total, now));
                out.add(Sample.of("cpu.system.ratio", delta(ticks, TickType.SYSTEM) / total, now));
                out.add(Sample.of("cpu.iowait.ratio", delta(ticks, TickType.IOWAIT) / total, now));
                out.add(Sample.of("cpu.steal.ratio", delta(ticks, TickType.STEAL) / total, now));
                out.add(Sample.of(
                        "cpu.busy.ratio",
                        1 - (delta(ticks, TickType.IDLE) + delta(ticks, TickType.IOWAIT)) / total,
                        now));
            }
        }
        lastTicks = ticks;
        double[] load = cpu.getSystemLoadAverage(3);
        int cores = Math.max(1, cpu.getLogicalProcessorCount());
        if (load[0] >= 0) out.add(Sample.of("load.per.core", load[0] / cores, now));
        if (load[2] >= 0) out.add(Sample.of("load15.per.core", load[2] / cores, now));
    }

    private double delta(long[] ticks, TickType t) {
        return ticks[t.getIndex()] - lastTicks[t.getIndex()];
    }

    private void memory(Instant now, List<Sample> out) {
        GlobalMemory mem = si.getHardware().getMemory();
        if (mem.getTotal() > 0) {
            out.add(Sample.of("memory.available.ratio", (double) mem.getAvailable() / mem.getTotal(), now));
            out.add(Sample.of("memory.available.bytes", mem.getAvailable(), now));
        }
        VirtualMemory vm = mem.getVirtualMemory();
        if (vm.getSwapTotal() > 0)
            out.add(Sample.of("swap.used.ratio", (double) vm.getSwapUsed() / vm.getSwapTotal(), now));
    }

    private void disks(Instant now, List<Sample> out) {
        FileSystem fs = si.getOperatingSystem().getFileSystem();
        for (OSFileStore s : fs.getFileStores(true)) {
            if (excludedTypes.contains(s.getType()) || s.getTotalSpace() <= 0) continue;
            String[] labels = {"mountpoint", s.getMount(), "device", s.getVolume(), "fstype", s.getType()};
            // as df computes Use%: blocks reserved for root count neither as used nor as available
            double used = s.getTotalSpace() - s.getFreeSpace();
            double usable = used + s.getUsableSpace();
            if (usable <= 0) continue;
            out.add(Sample.of("disk.used.ratio", used / usable, now, labels));
            if (s.getTotalInodes() > 0) {
                out.add(Sample.of(
                        "disk.inodes.used.ratio", 1 - (double) s.getFreeInodes() / s.getTotalInodes(), now, labels));
            }
            double hours = predictors
                    .computeIfAbsent(s.getMount(), k -> new FillPredictor(predictWindow))
                    .hoursUntilFull(now, used, usable);
            out.add(Sample.of("disk.full.in.hours", hours, now, labels));
        }
        long max = fs.getMaxFileDescriptors();
        if (max > 0) out.add(Sample.of("fd.used.ratio", (double) fs.getOpenFileDescriptors() / max, now));
    }

    private void network(Instant now, List<Sample> out) {
        for (NetworkIF nif : si.getHardware().getNetworkIFs()) {
            if (nif.getName().equals("lo")) continue;
            long[] counts = {nif.getInErrors() + nif.getOutErrors(), nif.getInDrops()};
            long[] before = lastNet.put(nif.getName(), counts);
            if (before == null || lastAt == null) continue;
            double seconds = Math.max(1e-3, Duration.between(lastAt, now).toMillis() / 1000.0);
            out.add(Sample.of(
                    "net.errors.per.second",
                    Math.max(0, counts[0] - before[0]) / seconds,
                    now,
                    "interface",
                    nif.getName()));
            out.add(Sample.of(
                    "net.drops.per.second",
                    Math.max(0, counts[1] - before[1]) / seconds,
                    now,
                    "interface",
                    nif.getName()));
        }
    }

    private void kernel(Instant now, List<Sample> out) {
        OptionalLong kills = ProcFiles.oomKills(vmstat);
        if (kills.isEmpty()) return;
        oomHistory.addLast(new long[] {now.getEpochSecond(), kills.getAsLong()});
        while (oomHistory.size() > 1 && oomHistory.peekFirst()[0] < now.getEpochSecond() - 300)
            oomHistory.removeFirst();
        out.add(Sample.of("oom.kills.recent", kills.getAsLong() - oomHistory.peekFirst()[1], now));
    }
}
