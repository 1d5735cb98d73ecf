package io.xenia.protocol.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.RecordFormatException;
import io.xenia.protocol.signing.SignedEnvelope;
import io.xenia.protocol.signing.VerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WipeRecordTest {
  static WipeRecord wipe() {
    return new WipeRecord(
        WipeRecord.VERSION,
        "agr-1",
        "sess-1",
        Fixtures.HOST.publicKey().fingerprint(),
        "m1",
        "rootfs-discarded",
        1_048_576,
        Instant.parse("2026-11-30T12:00:00.123456Z"));
  }

  @Test
  void roundTripsThroughItsCanonicalForm() {
    WipeRecord w = wipe();
    String json = CanonicalJson.encodeToString(w.toCanonical());
    assertEquals(
        "{\"agreementId\":\"agr-1\",\"bytesErased\":1048576,\"completedAt\":\"2026-11-30T12:00:00.123Z\","
            + "\"hostId\":\""
            + w.hostId()
            + "\",\"machineId\":\"m1\",\"method\":\"rootfs-discarded\",\"sessionId\":\"sess-1\","
            + "\"version\":1}",
        json);
    assertEquals(
        w, WipeRecord.fromCanonical(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void mustBeSignedByItsHost() {
    SignedEnvelope e = SignedEnvelope.sign(WipeRecord.TYPE, wipe(), Fixtures.HOST);
    assertEquals(wipe(), WipeRecord.open(e).record());
    SignedEnvelope byBroker = SignedEnvelope.sign(WipeRecord.TYPE, wipe(), Fixtures.BROKER);
    assertEquals(
        VerificationException.Reason.MISSING_SIGNER,
        assertThrows(VerificationException.class, () -> WipeRecord.open(byBroker)).reason());
  }

  @Test
  void badFieldsAreNamed() {
    String json =
        CanonicalJson.encodeToString(wipe().toCanonical()).replace("rootfs-discarded", "Rootfs!");
    RecordFormatException e =
        assertThrows(
            RecordFormatException.class,
            () ->
                WipeRecord.fromCanonical(
                    CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().contains("wipe.method"), e.getMessage());
  }
}
