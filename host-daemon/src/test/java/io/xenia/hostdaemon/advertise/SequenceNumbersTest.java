package io.xenia.hostdaemon.advertise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {
  @Test
  void aRestartNeverReusesANumberEvenWithTheClockSetBack() throws Exception {
    Path dir = Files.createTempDirectory("seq");
    Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    long a = new SequenceNumbers(dir, clock).next("m1");
    long b = new SequenceNumbers(dir, clock).next("m1"); // a restart, same instant
    Clock back = Clock.fixed(Instant.parse("2026-11-30T11:00:00Z"), ZoneOffset.UTC);
    long c = new SequenceNumbers(dir, back).next("m1"); // the clock stepped back
    // Two apart: a withdrawal tombstones with the last sequence plus one.
    assertTrue(b >= a + 2 && c >= b + 2, a + " " + b + " " + c);
    assertTrue(new SequenceNumbers(dir, clock).next("m2") >= clock.millis() * 1000);
  }
}
