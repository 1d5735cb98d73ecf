package io.xenia.hostdaemon.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.reload.InventoryDiff.Aspect;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure inventory diff and the plan that applies it without cutting a customer off. */
class ReloadPlanTest {
  private static final Path DIR = Path.of("/srv/xenia");

  private static Inventory inventory(String daemonExtra, String machines) {
    String yaml =
        "daemon:\n  dataDir: state\n"
            + daemonExtra
            + "defaults:\n  driver: fake\n  location: {region: eu-west-1}\n"
            + "  prices: {currency: EUR, perHour: 0.40}\n"
            + "machines:\n"
            + machines;
    return InventoryLoader.parse(yaml, "inventory.yaml", DIR);
  }

  private static String machine(String id, String extra) {
    return "  - id: " + id + "\n    facts: {cpuCores: 2, memoryMiB: 1024}\n" + extra;
  }

  private static final Inventory RUNNING =
      inventory("", machine("m1", "") + machine("m2", "") + machine("m3", ""));

  private static List<String> ids(List<InventoryMachine> machines) {
    return machines.stream().map(InventoryMachine::id).toList();
  }

  @Test
  void theSameFileIsNoChange() {
    InventoryDiff diff = InventoryDiff.between(RUNNING, RUNNING);
    assertTrue(diff.isEmpty());
    ReloadPlan plan = ReloadPlan.of(RUNNING, RUNNING, id -> Optional.empty());
    assertFalse(plan.changesAnything(RUNNING));
    assertEquals(Map.of(), plan.auditDetails());
  }

  @Test
  void eachAspectOfAMachineIsNamed() {
    Inventory file =
        inventory(
            "",
            machine("m1", "    prices: {currency: EUR, perHour: 0.55}\n")
                + machine("m2", "    location: {region: us-east-1}\n    driver: netns\n")
                + "  - id: m3\n    facts: {cpuCores: 4, memoryMiB: 1024}\n"
                + "    settings: {bridge: xbr9}\n");
    InventoryDiff diff = InventoryDiff.between(RUNNING, file);
    assertEquals(3, diff.changed().size());
    assertEquals(Set.of(Aspect.PRICES), diff.changed().get(0).aspects());
    assertTrue(diff.changed().get(0).marketOnly());
    assertEquals(Set.of(Aspect.LOCATION, Aspect.DRIVER), diff.changed().get(1).aspects());
    assertEquals("location, driver", diff.changed().get(1).describe());
    assertEquals(Set.of(Aspect.FACTS, Aspect.HARDWARE), diff.changed().get(2).aspects());
    assertFalse(diff.changed().get(2).marketOnly());
  }

  @Test
  void machinesWithoutASessionAreAddedRemovedAndRecommissioned() {
    Inventory file =
        inventory(
            "",
            machine("m1", "    prices: {currency: EUR, perHour: 0.55}\n")
                + "  - id: m3\n    facts: {cpuCores: 4, memoryMiB: 1024}\n"
                + machine("m4", ""));
    ReloadPlan plan = ReloadPlan.of(RUNNING, file, id -> Optional.empty());
    assertEquals(List.of("m1", "m3", "m4"), ids(plan.next().machines()));
    assertEquals(List.of("m3", "m4"), ids(plan.commission()), "facts changed, and new");
    assertEquals(List.of("m2"), plan.retired());
    assertTrue(plan.deferred().isEmpty());
    assertEquals(550_000, plan.next().machine("m1").get().prices().perHour().micros());
    assertEquals(
        Map.of(
            "added", "m4",
            "removed", "m2",
            "changed", "m1 (prices); m3 (facts)",
            "commissioned", "m3; m4"),
        plan.auditDetails());
  }

  @Test
  void aMachineInASessionIsNeverRemovedOrRewiredUntilReleased() {
    Inventory file =
        inventory(
            "",
            machine("m1", "    driver: netns\n    prices: {currency: EUR, perHour: 0.55}\n")
                + machine("m3", "    prices: {currency: EUR, perHour: 0.70}\n"));
    Map<String, String> sessions = Map.of("m1", "s-1", "m2", "s-2", "m3", "s-3");
    ReloadPlan plan = ReloadPlan.of(RUNNING, file, id -> Optional.ofNullable(sessions.get(id)));
    // m1 keeps its running entry (driver and price change deferred); m2 stays managed; m3's new
    // price applies at once (market only: the running agreement keeps its own price).
    assertEquals(List.of("m1", "m3", "m2"), ids(plan.next().machines()));
    assertEquals("fake", plan.next().machine("m1").get().spec().driver());
    assertEquals(700_000, plan.next().machine("m3").get().prices().perHour().micros());
    assertTrue(plan.retired().isEmpty());
    assertTrue(plan.commission().isEmpty());
    assertEquals(
        List.of(
            "m1: prices, driver change waits until session s-1 is released",
            "m2: removal waits until session s-2 is released"),
        plan.deferred().stream().map(ReloadPlan.Deferral::describe).toList());
    assertEquals("m3 (prices)", plan.auditDetails().get("changed"));
    // Held back from the market and from admission until their change applies.
    assertEquals(List.of("m3"), ids(plan.market().machines()));

    // Released: the same file applies in full.
    ReloadPlan later = ReloadPlan.of(plan.next(), file, id -> Optional.empty());
    assertEquals(List.of("m1", "m3"), ids(later.next().machines()));
    assertEquals("netns", later.next().machine("m1").get().spec().driver());
    assertEquals(List.of("m2"), later.retired());
    assertEquals(List.of("m1"), ids(later.commission()));
  }

  @Test
  void thePolicyAppliesAtOnceAndOtherDaemonSettingsAtRestart() {
    Inventory file =
        inventory(
            "  reconcileIntervalMs: 250\n  policy: {blockedCustomers: [acct-x]}\n",
            machine("m1", "") + machine("m2", "") + machine("m3", ""));
    ReloadPlan plan = ReloadPlan.of(RUNNING, file, id -> Optional.empty());
    assertTrue(plan.diff().policyChanged());
    assertEquals(Set.of("acct-x"), plan.next().daemon().policy().blockedCustomers());
    assertEquals(
        RUNNING.daemon().reconcileInterval(), plan.next().daemon().reconcileInterval(), "kept");
    assertEquals(
        Map.of("policy", "changed", "restartNeeded", "daemon.reconcileIntervalMs"),
        plan.auditDetails());
  }
}
