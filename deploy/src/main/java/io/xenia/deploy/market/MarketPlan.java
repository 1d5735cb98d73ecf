package io.xenia.deploy.market;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the local marketplace puts on offer: which hosts, owned by which of the host operators, with
 * which machines. Pure and deterministic (the same options give the same inventories on every run,
 * so a restarted daemon finds the machines it had).
 *
 * <p>Every host has one <em>real</em> machine in each of {@link #REGIONS} (netns, so customers SSH
 * in; fake when netns cannot run), so that a group with distinct owners and the same region can be
 * placed; the <em>simulated</em> machines (fake driver: leasable, nothing to log into) are spread
 * over the hosts in regions named {@code sim-*}, so that {@code region=eu-*} finds only real ones.
 */
public final class MarketPlan {
  /** The regions of the real machines. */
  public static final List<String> REGIONS = List.of("eu-west-1", "eu-central-1", "us-east-1");

  /** The regions of the simulated machines. */
  public static final List<String> SIM_REGIONS =
      List.of(
          "sim-eu-west-1",
          "sim-eu-central-1",
          "sim-eu-north-1",
          "sim-us-east-1",
          "sim-us-west-2",
          "sim-ap-south-1",
          "sim-ap-northeast-1",
          "sim-sa-east-1");

  /** The host operators' names; host {@code i} belongs to operator {@code i mod operators}. */
  public static final List<String> OPERATORS = List.of("Hanna Host", "Oskar Ops", "Petra Racks");

  /** One machine of a host's inventory. */
  public record Machine(
      String id,
      String driver,
      int cores,
      int memoryMiB,
      int diskGiB,
      String region,
      BigDecimal perHour) {

    public boolean simulated() {
      return id.startsWith("sim-");
    }
  }

  /** One host daemon: its name, its operator (an index into {@link #OPERATORS}), its machines. */
  public record Host(int index, String name, int operator, List<Machine> machines) {}

  private MarketPlan() {}

  /** How many operators {@code hosts} hosts have: three, or fewer when there are fewer hosts. */
  public static int operators(int hosts) {
    return Math.max(1, Math.min(hosts, OPERATORS.size()));
  }

  /**
   * The hosts of a marketplace.
   *
   * @param hosts how many host daemons (≥ 1)
   * @param simulated how many fake machines in all (≥ 0)
   * @param netns whether the real machines are netns machines (else fake ones)
   * @param hostCpus this machine's CPUs: a netns machine cannot declare more than it measures
   */
  public static List<Host> plan(int hosts, int simulated, boolean netns, int hostCpus) {
    if (hosts < 1) {
      throw new IllegalArgumentException("--hosts must be at least 1, not " + hosts);
    }
    if (simulated < 0) {
      throw new IllegalArgumentException("--fake-machines must be 0 or more, not " + simulated);
    }
    int[] realCores = {2, 1, 4, 2};
    int[] realMemory = {2048, 512, 4096, 1024};
    List<Host> result = new ArrayList<>();
    Random random = new Random(20261130L); // deterministic: the same catalogue on every run
    for (int h = 0; h < hosts; h++) {
      List<Machine> machines = new ArrayList<>();
      for (int r = 0; r < REGIONS.size(); r++) {
        int k = (h + r) % realCores.length;
        int cores = Math.min(realCores[k], Math.max(1, hostCpus));
        // 0.10 to 0.60 EUR an hour, varied by host and size: cheaper is not always smaller.
        BigDecimal price =
            BigDecimal.valueOf(10 + 5 * ((h * 7 + r * 3) % 6) + 5L * cores, 2)
                .setScale(2, RoundingMode.UNNECESSARY);
        machines.add(
            new Machine(
                "ns-" + (r + 1),
                netns ? "netns" : "fake",
                cores,
                realMemory[k],
                1,
                REGIONS.get(r),
                price));
      }
      result.add(new Host(h, "host-" + (h + 1), h % operators(hosts), machines));
    }
    int[] simCores = {1, 2, 4, 8, 16, 32, 64};
    for (int s = 0; s < simulated; s++) {
      int cores = simCores[random.nextInt(simCores.length)];
      int memory = cores * 1024 * (1 << random.nextInt(4)); // 1, 2, 4 or 8 GiB a core
      // 0.02 to 0.09 EUR per core-hour.
      BigDecimal price = BigDecimal.valueOf((long) cores * (2 + random.nextInt(8)), 2);
      String region = SIM_REGIONS.get(random.nextInt(SIM_REGIONS.size()));
      int disk = 20 * (1 + random.nextInt(50));
      result
          .get(s % hosts)
          .machines()
          .add(
              new Machine(
                  String.format("sim-%05d", s + 1), "fake", cores, memory, disk, region, price));
    }
    return result;
  }
}
