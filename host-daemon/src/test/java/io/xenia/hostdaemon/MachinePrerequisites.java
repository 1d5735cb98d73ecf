package io.xenia.hostdaemon;

import io.xenia.testsupport.DebianPackages;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What tests of real machines need before they start. Missing packages are installed when we are
 * root on Debian; otherwise the test is skipped loudly on a developer machine (it says why on
 * stderr and in the report) and fails under {@code CI=true}, where a missing prerequisite is a
 * broken build.
 */
public final class MachinePrerequisites {
  /** What a netns machine runs and the tests use to reach it. */
  public static final String[] NETNS_PACKAGES = {
    "dropbear-bin", "busybox-static", "openssh-client", "socat", "iproute2", "util-linux"
  };

  private MachinePrerequisites() {}

  /** Netns machines: their packages, and root for namespaces and cgroups. */
  public static void requireNetns(String what) {
    Optional<String> missing = DebianPackages.ensure(NETNS_PACKAGES);
    if (missing.isEmpty() && !DebianPackages.isRoot()) {
      missing = Optional.of("netns machines need root (namespaces, cgroups)");
    }
    require(what, missing);
  }

  /** These Debian packages. */
  public static void requirePackages(String what, String... packages) {
    require(what, DebianPackages.ensure(packages));
  }

  private static void require(String what, Optional<String> missing) {
    if (missing.isEmpty()) {
      return;
    }
    String why = what + " cannot run: " + missing.get();
    if (DebianPackages.underCi()) {
      throw new IllegalStateException(why);
    }
    System.err.println("SKIPPING " + why);
    Assumptions.abort(why);
  }
}
