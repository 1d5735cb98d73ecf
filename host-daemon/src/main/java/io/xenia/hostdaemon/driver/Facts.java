package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.records.Resources;
import java.util.Set;

/**
 * What a machine has: declared by the operator in the inventory, and measured by a driver's
 * inspection so that commissioning can compare the two.
 *
 * @param resources CPU cores, memory, disk, network bandwidth, GPUs
 * @param nics number of network interfaces
 * @param teeKinds trusted-execution environments, like {@code "sev-snp"}
 */
public record Facts(Resources resources, int nics, Set<String> teeKinds) {
  public Facts {
    requireNonNull(resources, "resources is null");
    if (nics < 0) {
      throw new IllegalArgumentException("nics must be >= 0");
    }
    teeKinds = Set.copyOf(teeKinds);
  }
}
