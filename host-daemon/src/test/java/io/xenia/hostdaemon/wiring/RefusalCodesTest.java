package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.admission.RefusalReason;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefusalCodesTest {
  /** The codes the control API documents (AdmissionDecision.Refused). */
  private static final Set<String> API =
      Set.of(
          "machine-unknown",
          "machine-unavailable",
          "insufficient-capacity",
          "price-below-minimum",
          "customer-not-allowed",
          "maintenance-window",
          "invalid-proposal");

  @Test
  void everyCoreReasonHasAnApiCodeAndEveryApiCodeIsReachable() {
    Set<String> used = new HashSet<>();
    for (RefusalReason r : EnumSet.allOf(RefusalReason.class)) {
      String code = RefusalCodes.apiCode(r);
      assertTrue(API.contains(code), r + " → " + code);
      used.add(code);
    }
    assertEquals(API, used);
    assertEquals("machine-unavailable", RefusalCodes.apiCode(RefusalReason.MACHINE_TAKEN));
  }
}
