package io.xenia.hostdaemon.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.reconcile.FailureKind;
import io.xenia.hostdaemon.reconcile.RecoveryAction;
import io.xenia.protocol.money.Money;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InventoryLoaderTest {
  private static final Path BASE = Path.of("/etc/xenia");

  static String example() throws Exception {
    try (InputStream in =
        InventoryLoaderTest.class.getResourceAsStream("/inventory-example.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InventoryException error(String yaml) {
    return assertThrows(
        InventoryException.class, () -> InventoryLoader.parse(yaml, "inv.yaml", BASE));
  }

  @Test
  void theDocumentedExampleLoads() throws Exception {
    Inventory inv = InventoryLoader.parse(example(), "inventory-example.yaml", BASE);
    DaemonSettings d = inv.daemon();
    assertEquals(Path.of("/etc/xenia/state"), d.dataDir());
    assertEquals(Duration.ofMillis(500), d.reconcileInterval());
    assertEquals(2048L << 20, d.imageCacheBytes());
    assertEquals(Optional.of(Money.parse("EUR", "0.10")), d.policy().minimumPricePerHour());
    assertEquals(Set.of("acct-banned"), d.policy().blockedCustomers());
    assertEquals(
        Instant.parse("2026-12-24T00:00:00Z"), d.policy().maintenanceWindows().get(0).start());
    assertEquals(4, d.recovery().maxAttempts());
    assertEquals(RecoveryAction.REPROVISION, d.recovery().action(FailureKind.DEPLOYMENT_LOST));

    MachineSpec ns = inv.machine("ns-1").orElseThrow().spec();
    assertEquals("netns", ns.driver());
    assertEquals("xbr0", ns.setting("bridge", "?"));
    assertEquals(1024, ns.declared().resources().memoryMiB());
    assertEquals("eu-west-1", inv.machine("ns-1").orElseThrow().location().region());
    assertEquals("0.40", inv.machine("ns-1").orElseThrow().prices().perHour().amount());

    InventoryMachine vm = inv.machine("vm-1").orElseThrow();
    assertEquals("qemu", vm.spec().driver());
    assertEquals(Bmc.Protocol.IPMI, vm.spec().bmc().orElseThrow().protocol());
    assertEquals(Optional.of("52:54:00:ab:00:01"), vm.spec().bootMac());
    assertEquals("NVIDIA H100 80GB", vm.spec().declared().resources().gpuModel());
    assertEquals(Set.of("sev-snp"), vm.spec().declared().teeKinds());
    assertEquals("0.05", vm.prices().perUnit().get("egress-gib").amount());
    assertEquals("tcg", vm.spec().setting("accel", "?"));
    assertEquals("xbr1", vm.spec().setting("bridge", "?"), "a machine's setting beats the default");
  }

  @Test
  void aBadValueNamesLineAndField() throws Exception {
    String yaml = example().replace("memoryMiB: 2048", "memoryMiB: lots");
    InventoryException e = error(yaml);
    assertEquals(
        "inv.yaml line 36: machines[1].facts.memoryMiB: must be a whole number, not \"lots\""
            + " (For input string: \"lots\")",
        e.getMessage());
  }

  @Test
  void aMisspelledKeyIsRefused() throws Exception {
    InventoryException e = error(example().replace("bootMac:", "bootMAC:"));
    assertTrue(
        e.getMessage().startsWith("inv.yaml line 33: machines[1].bootMAC: unknown key"),
        e.getMessage());
  }

  @Test
  void missingAndInvalidFieldsAreNamed() throws Exception {
    assertTrue(
        error(example().replace("  dataDir: state ", "  dataD: state "))
            .getMessage()
            .contains("daemon: missing required key \"dataDir\""));
    assertTrue(
        error(example().replace("\"52:54:00:AB:00:01\"", "\"52:54:00\""))
            .getMessage()
            .contains("machines[1].bootMac: must be a MAC address"));
    assertTrue(
        error(example().replace("protocol: ipmi", "protocol: smoke-signals"))
            .getMessage()
            .contains("machines[1].bmc.protocol: must be ipmi or redfish"));
    assertTrue(
        error(example().replace("driver: qemu", "driver: redfish"))
            .getMessage()
            .contains(
                "machines[1]: driver redfish drives machines through a redfish BMC, but"
                    + " bmc.protocol is ipmi"),
        "a bare-metal driver must match the BMC's protocol");
    assertTrue(
        error(example().replace("deploymentLost: reprovision", "deploymentLost: pray"))
            .getMessage()
            .contains("daemon.recovery.deploymentLost: must be one of retry, reprovision, fail"));
    assertTrue(
        error(example().replace("perHour: \"1.25\"", "perHour: \"-1.25\""))
            .getMessage()
            .contains("machines[1].prices: perHour must not be negative"));
    assertTrue(
        error(example().replace("- id: vm-1", "- id: ns-1"))
            .getMessage()
            .contains("machine id \"ns-1\" appears twice"));
    assertTrue(
        error(example().replace("end: 2026-12-27T00:00:00Z", "end: 2026-12-23T00:00:00Z"))
            .getMessage()
            .contains("daemon.policy.maintenanceWindows[0]: end"));
  }

  @Test
  void brokenYamlNamesTheLine() {
    InventoryException e = error("daemon:\n  dataDir: x\nmachines: [\n");
    assertTrue(e.getMessage().startsWith("inv.yaml line "), e.getMessage());
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    assertEquals("inv.yaml: the file is empty", error("").getMessage());
    assertTrue(error("- a\n- b\n").getMessage().contains("must hold a mapping"));
  }
}
