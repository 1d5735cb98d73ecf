package io.xenia.hostdaemon.driver.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.protocol.records.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Settings and derived names: pure, no IO. */
class NetnsSettingsTest {
  static MachineSpec spec(String id, Map<String, String> settings) {
    return new MachineSpec(
        id,
        "netns",
        Optional.empty(),
        Optional.empty(),
        new Facts(new Resources(1, 256, 1, 100, 0, ""), 1, Set.of()),
        settings);
  }

  @Test
  void defaults() throws DriverException {
    NetnsSettings s = NetnsSettings.of(spec("m1", Map.of()));
    assertEquals(Path.of("/var/lib/xenia/netns"), s.stateDir());
    assertEquals("10.213", s.subnet());
    assertEquals(OptionalInt.empty(), s.sshPort());
    assertEquals(Duration.ofSeconds(15), s.sshTimeout());
    assertEquals(Duration.ofSeconds(3), s.softOffTimeout());
    assertEquals("xenia-netns", s.cgroupParent());
  }

  @Test
  void everySettingIsRead() throws DriverException {
    NetnsSettings s =
        NetnsSettings.of(
            spec(
                "m1",
                Map.of(
                    "stateDir", "/srv/x/../netns",
                    "subnet", "172.30",
                    "sshPort", "2222",
                    "sshTimeoutMillis", "500",
                    "softOffMillis", "0",
                    "cgroupParent", "tenants")));
    assertEquals(Path.of("/srv/netns"), s.stateDir());
    assertEquals("172.30", s.subnet());
    assertEquals(OptionalInt.of(2222), s.sshPort());
    assertEquals(Duration.ofMillis(500), s.sshTimeout());
    assertEquals(Duration.ZERO, s.softOffTimeout());
    assertEquals("tenants", s.cgroupParent());
  }

  @Test
  void badValuesNameTheirKey() {
    for (Map.Entry<String, String> bad :
        Map.of(
                "subnet", "300.1",
                "sshPort", "0",
                "sshTimeoutMillis", "soon",
                "softOffMillis", "-1",
                "cgroupParent", "../escape",
                "stateDir", "/tmp/with,comma")
            .entrySet()) {
      DriverException e =
          assertThrows(
              DriverException.class,
              () -> NetnsSettings.of(spec("m1", Map.of(bad.getKey(), bad.getValue()))));
      assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
      assertEquals(DriverException.Kind.FAILED, e.kind());
    }
    assertThrows(DriverException.class, () -> NetnsSettings.of(spec(".hidden", Map.of())));
    assertThrows(DriverException.class, () -> NetnsSettings.of(spec("a/b", Map.of())));
  }

  @Test
  void namesAreDeterministicShortAndPerStateDirectory() throws DriverException {
    NetnsSettings here = NetnsSettings.of(spec("machine-with-a-very-long-id-0001", Map.of()));
    MachineNames a = MachineNames.of(here, "machine-with-a-very-long-id-0001");
    assertEquals(a, MachineNames.of(here, "machine-with-a-very-long-id-0001"));
    assertTrue(a.veth().length() <= 15, "interface names fit IFNAMSIZ: " + a.veth());
    assertNotEquals(a.netns(), MachineNames.of(here, "machine-2").netns());
    assertEquals(a.hub(), MachineNames.of(here, "machine-2").hub(), "one hub per state directory");
    NetnsSettings there = NetnsSettings.of(spec("m", Map.of("stateDir", "/srv/other")));
    MachineNames b = MachineNames.of(there, "machine-with-a-very-long-id-0001");
    assertNotEquals(a.netns(), b.netns());
    assertNotEquals(a.hub(), b.hub());
    assertEquals(Path.of("/srv/other/machines/machine-with-a-very-long-id-0001"), b.dir());
  }

  @Test
  void addressesComeFromTheSlot() {
    MachineState state = new MachineState(258, 2222, "v1:/x", Optional.empty(), "", "", 0, 0);
    assertEquals("10.213.1.2", state.address("10.213"));
  }
}
