package io.xenia.hostdaemon.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;

  private Path log() {
    return dir.resolve("audit.log");
  }

  private void write(int n) {
    try (AuditLog log = AuditLog.open(log(), Clock.systemUTC())) {
      for (int i = 0; i < n; i++) {
        log.append("test", "m" + i, Map.of("i", Integer.toString(i)));
      }
    }
  }

  @Test
  void aFreshChainVerifiesAndContinuesAcrossReopen() throws Exception {
    write(5);
    write(3);
    AuditVerifier.Result r = AuditVerifier.verify(log());
    assertTrue(r.ok(), r.toString());
    assertEquals(8, r.entries());
    List<String> lines = Files.readAllLines(log());
    assertTrue(lines.get(0).contains("\"prev\":\"" + AuditEntry.GENESIS + "\""));
    assertTrue(lines.get(5).contains("\"seq\":6"));
  }

  @Test
  void anEditedEntryIsNamed() throws Exception {
    write(5);
    List<String> lines = Files.readAllLines(log());
    lines.set(2, lines.get(2).replace("\"m2\"", "\"mX\""));
    Files.write(log(), lines);
    AuditVerifier.Result r = AuditVerifier.verify(log());
    assertEquals(2, r.entries());
    assertTrue(r.firstBad().orElseThrow().startsWith("entry 3: hash"), r.toString());
  }

  @Test
  void aDeletedEntryBreaksTheChainAtTheNextOne() throws Exception {
    write(5);
    List<String> lines = Files.readAllLines(log());
    lines.remove(1);
    Files.write(log(), lines);
    AuditVerifier.Result r = AuditVerifier.verify(log());
    assertTrue(r.firstBad().orElseThrow().startsWith("entry 2: seq 3"), r.toString());
  }

  @Test
  void aRehashedForgeryStillBreaksTheLink() throws Exception {
    write(3);
    List<String> lines = Files.readAllLines(log());
    AuditEntry e = AuditEntry.parse(lines.get(1));
    AuditEntry forged =
        AuditEntry.chain(e.seq(), e.at(), "forged", e.machine(), e.details(), e.prev());
    lines.set(1, forged.toLine());
    Files.write(log(), lines);
    AuditVerifier.Result r = AuditVerifier.verify(log());
    assertTrue(r.firstBad().orElseThrow().startsWith("entry 3: prev"), r.toString());
  }

  @Test
  void aTornLastLineIsReportedThenDiscardedOnTheRecord() throws Exception {
    write(3);
    Files.write(log(), "{\"action\":\"tes".getBytes(UTF_8), StandardOpenOption.APPEND);
    AuditVerifier.Result r = AuditVerifier.verify(log());
    assertTrue(r.ok());
    assertEquals(3, r.entries());
    assertTrue(r.tornTail().orElseThrow().contains("line 4 is torn: 14 bytes"), r.toString());

    write(1); // reopening cuts the torn bytes and says so in the log
    List<String> lines = Files.readAllLines(log());
    assertEquals(5, lines.size());
    assertTrue(lines.get(3).contains("audit-torn-tail-discarded"), lines.get(3));
    assertTrue(lines.get(3).contains("\"bytes\":\"14\""), lines.get(3));
    AuditVerifier.Result after = AuditVerifier.verify(log());
    assertTrue(after.ok() && after.tornTail().isEmpty(), after.toString());
    assertEquals(5, after.entries());
  }

  @Test
  void concurrentAppendsFormOneUnbrokenChain() throws Exception {
    try (AuditLog log = AuditLog.open(log(), Clock.systemUTC())) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String m = "m" + t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    log.append("test", m, Map.of("i", Integer.toString(i)));
                  }
                }));
      }
      for (var f : fs) {
        f.get();
      }
      pool.shutdown();
      assertEquals(400, log.size());
    }
    AuditVerifier.Result r = AuditVerifier.verify(log());
    assertTrue(r.ok() && r.tornTail().isEmpty(), r.toString());
    assertEquals(400, r.entries());
  }

  @Test
  void aCorruptLastCompleteLineRefusesToOpen() throws Exception {
    write(2);
    Files.write(log(), "garbage\n".getBytes(UTF_8), StandardOpenOption.APPEND);
    AuditException e = assertThrows(AuditException.class, () -> write(1));
    assertTrue(e.getMessage().contains("audit verify"), e.getMessage());
    assertTrue(
        AuditVerifier.verify(log()).firstBad().orElseThrow().startsWith("entry 3: not an audit"));
  }
}
