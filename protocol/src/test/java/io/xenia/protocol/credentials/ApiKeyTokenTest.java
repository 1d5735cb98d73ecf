package io.xenia.protocol.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeyTokenTest {
  @Test
  void aTokenRoundTripsAndMatchesOnlyItsHash() {
    UUID id = UUID.randomUUID();
    var token = ApiKeyToken.generate(id);
    var parsed = ApiKeyToken.parse(token.value()).orElseThrow();
    assertEquals(id, parsed.keyId());
    assertTrue(parsed.matches(token.secretHash()));
    assertFalse(ApiKeyToken.generate(id).matches(token.secretHash()));
    assertFalse(token.toString().contains(token.secret()), "toString leaks the secret");
  }

  @Test
  void malformedTokensDoNotParse() {
    for (String bad :
        new String[] {
          "",
          "xk_",
          "xk_abc_def",
          "Bearer xk_",
          ApiKeyToken.generate(UUID.randomUUID()).value() + "x"
        }) {
      assertTrue(ApiKeyToken.parse(bad).isEmpty(), bad);
    }
    assertTrue(ApiKeyToken.parse(null).isEmpty());
  }
}
