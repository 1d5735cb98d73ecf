package io.xenia.hostdaemon.commission;

import io.xenia.hostdaemon.driver.Facts;
import io.xenia.protocol.records.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares declared facts with measured ones. The rule: a machine may not be advertised with more
 * than it has. Each declared quantity (CPU cores, memory, disk, network, GPUs, NICs) must be at
 * most the measured one (an operator may hold some back), every declared TEE kind must be present,
 * and a declared GPU model must be the measured one. Pure code.
 */
public final class FactCheck {
  private FactCheck() {}

  /** One line per fact that differs, like {@code "memoryMiB: declared 65536, measured 32768"}. */
  public static List<String> differences(Facts declared, Facts measured) {
    List<String> out = new ArrayList<>();
    Resources d = declared.resources();
    Resources m = measured.resources();
    atMost(out, "cpuCores", d.cpuCores(), m.cpuCores());
    atMost(out, "memoryMiB", d.memoryMiB(), m.memoryMiB());
    atMost(out, "diskGiB", d.diskGiB(), m.diskGiB());
    atMost(out, "networkMbps", d.networkMbps(), m.networkMbps());
    atMost(out, "gpuCount", d.gpuCount(), m.gpuCount());
    if (d.gpuCount() > 0 && !d.gpuModel().equals(m.gpuModel())) {
      out.add("gpuModel: declared \"" + d.gpuModel() + "\", measured \"" + m.gpuModel() + "\"");
    }
    atMost(out, "nics", declared.nics(), measured.nics());
    Set<String> missing = new TreeSet<>(declared.teeKinds());
    missing.removeAll(measured.teeKinds());
    if (!missing.isEmpty()) {
      out.add(
          "teeKinds: declared "
              + new TreeSet<>(declared.teeKinds())
              + ", measured "
              + new TreeSet<>(measured.teeKinds())
              + " (missing "
              + missing
              + ")");
    }
    return out;
  }

  private static void atMost(List<String> out, String name, long declared, long measured) {
    if (declared > measured) {
      out.add(name + ": declared " + declared + ", measured " + measured);
    }
  }
}
