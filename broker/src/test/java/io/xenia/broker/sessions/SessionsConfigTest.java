package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the record checks itself; the bound defaults (accrual, 15 min) are checked on a running
 * broker in SessionsApiTest, metered binding in MeteredChargingTest.
 */
class SessionsConfigTest {
  private static SessionsConfig config(String charging, Duration settle) {
    Duration s = Duration.ofSeconds(1);
    return new SessionsConfig(null, s, s, s, s, "t", 10, s, charging, settle);
  }

  @Test
  void chargingIsAccrualOrMeteredAndTheSettleWindowPositive() {
    assertFalse(config("accrual", Duration.ofMinutes(15)).metered());
    assertTrue(config("metered", Duration.ofMinutes(15)).metered());
    assertEquals(Charging.METERED, config("metered", Duration.ofMinutes(15)).mode());
    var badMode =
        assertThrows(ConfigurationException.class, () -> config("Metered", Duration.ofMinutes(1)));
    assertTrue(
        badMode.getMessage().contains("xenia.sessions.charging must be accrual or metered"),
        badMode.getMessage());
    assertThrows(ConfigurationException.class, () -> config(null, Duration.ofMinutes(1)));
    assertThrows(ConfigurationException.class, () -> config("metered", Duration.ZERO));
    assertThrows(ConfigurationException.class, () -> config("metered", Duration.ofSeconds(-1)));
    assertEquals(
        Duration.ofMinutes(15), config("accrual", Duration.ofMinutes(15)).meteredSettleWindow());
  }
}
