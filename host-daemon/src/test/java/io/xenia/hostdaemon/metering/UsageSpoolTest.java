package io.xenia.hostdaemon.metering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.driver.UsageCounters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageSpoolTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  @TempDir Path dir;

  private static SpooledRecord rec(String session, long seq, String body) {
    MeterState s =
        new MeterState(
            session,
            "a-" + session,
            "m1",
            seq,
            T0.plusSeconds(seq),
            new UsageCounters(seq, 0, 0, 0),
            0,
            0,
            0,
            false);
    return new SpooledRecord(("{\"b\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8), s);
  }

  @Test
  void recordsWaitUntilShippedAndTheLastStaysAsTheResumePoint() {
    UsageSpool spool = UsageSpool.open(dir);
    spool.append(rec("s1", 1, "x1"));
    spool.append(rec("s1", 2, "x2"));
    spool.append(rec("s2", 1, "y1"));
    assertEquals(3, spool.pendingCount());
    assertEquals(
        List.of(1L, 2L), spool.pending().get("s1").stream().map(SpooledRecord::sequence).toList());

    spool.markShipped("s1", 2);
    assertEquals(1, spool.pendingCount());
    assertFalse(Files.exists(dir.resolve("s1").resolve(String.format("%020d.rec", 1))));
    // Reopened (a restart): the last record is still there to resume from.
    UsageSpool again = UsageSpool.open(dir);
    assertEquals(2, again.last("s1").orElseThrow().sequence());
    assertEquals(2, again.shipped("s1"));
    assertArrayEquals(
        rec("s1", 2, "x2").envelopeJson(), again.last("s1").orElseThrow().envelopeJson());
  }

  @Test
  void aSecondDifferentRecordUnderOneSequenceIsRefusedTheSameOneIsANoOp() {
    UsageSpool spool = UsageSpool.open(dir);
    spool.append(rec("s1", 1, "x1"));
    spool.append(rec("s1", 1, "x1"));
    assertThrows(IllegalStateException.class, () -> spool.append(rec("s1", 1, "other")));
    assertEquals(1, spool.pendingCount());
  }

  @Test
  void aTornWriteLeavesOnlyATemporaryFileWhichIsDeletedAtOpen() throws Exception {
    UsageSpool spool = UsageSpool.open(dir);
    spool.append(rec("s1", 1, "x1"));
    Path torn = dir.resolve("s1").resolve(String.format("%020d.rec", 2) + ".7.tmp");
    Files.writeString(torn, "{\"b\":\"hal");
    UsageSpool again = UsageSpool.open(dir);
    assertFalse(Files.exists(torn));
    assertEquals(1, again.last("s1").orElseThrow().sequence());
  }

  @Test
  void closedSessionsAreRemembered() {
    UsageSpool spool = UsageSpool.open(dir);
    assertFalse(spool.isClosed("s1"));
    spool.close("s1");
    assertTrue(UsageSpool.open(dir).isClosed("s1"));
    spool.append(
        new SpooledRecord(
            rec("s2", 1, "z").envelopeJson(), rec("s2", 1, "z").state().closed(true)));
    assertTrue(spool.isClosed("s2"));
  }
}
