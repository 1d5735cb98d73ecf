package io.xenia.hostdaemon.metering;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.protocol.encoding.CanonicalBoolean;
import io.xenia.protocol.encoding.CanonicalInstants;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalString;
import io.xenia.protocol.encoding.CanonicalValue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where the meter of one session stands after its last record: what the next record starts from.
 * Spooled with every record, so a restarted daemon resumes exactly where the last durable record
 * ended.
 *
 * <p>The carries are what was measured but not yet billed because the record's quantities are whole
 * units: billing them later (never rounding up) means records neither overstate nor, summed, lose
 * anything.
 *
 * @param sessionId the session
 * @param agreementId its agreement
 * @param machineId the machine it runs on
 * @param sequence the last record's sequence number (0: none yet)
 * @param end the end of the last record's interval (or where metering starts)
 * @param counters the driver's counters at {@code end}
 * @param cpuCarryNanos CPU nanoseconds not yet billed, below one second
 * @param memoryCarryByteMillis memory byte-milliseconds not yet billed, below one MiB-second
 * @param machineCarryMillis leased milliseconds not yet billed, below one second
 * @param closed true once the session's final record is cut
 */
public record MeterState(
    String sessionId,
    String agreementId,
    String machineId,
    long sequence,
    Instant end,
    UsageCounters counters,
    long cpuCarryNanos,
    long memoryCarryByteMillis,
    long machineCarryMillis,
    boolean closed) {

  public MeterState {
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(agreementId, "agreementId is null");
    requireNonNull(machineId, "machineId is null");
    end = requireNonNull(end, "end is null").truncatedTo(ChronoUnit.MILLIS);
    requireNonNull(counters, "counters is null");
    if (sequence < 0 || cpuCarryNanos < 0 || memoryCarryByteMillis < 0 || machineCarryMillis < 0) {
      throw new IllegalArgumentException("negative meter state for session " + sessionId);
    }
  }

  /** A session seen running for the first time: counters start at zero (they count from boot). */
  public static MeterState start(
      String sessionId, String agreementId, String machineId, Instant since) {
    return new MeterState(
        sessionId, agreementId, machineId, 0, since, new UsageCounters(0, 0, 0, 0), 0, 0, 0, false);
  }

  /** The same meter under another agreement: records from {@code end} on name it. */
  public MeterState withAgreement(String newAgreementId) {
    return new MeterState(
        sessionId,
        newAgreementId,
        machineId,
        sequence,
        end,
        counters,
        cpuCarryNanos,
        memoryCarryByteMillis,
        machineCarryMillis,
        closed);
  }

  public MeterState closed(boolean c) {
    return new MeterState(
        sessionId,
        agreementId,
        machineId,
        sequence,
        end,
        counters,
        cpuCarryNanos,
        memoryCarryByteMillis,
        machineCarryMillis,
        c);
  }

  /**
   * Canonical JSON; numbers as decimal strings, since cumulative counters may pass 2^53 (the limit
   * of canonical JSON integers).
   */
  public byte[] toJson() {
    return CanonicalJson.encode(
        CanonicalObject.builder()
            .put("sessionId", sessionId)
            .put("agreementId", agreementId)
            .put("machineId", machineId)
            .put("sequence", Long.toString(sequence))
            .put("end", end)
            .put("cpuNanos", Long.toString(counters.cpuNanos()))
            .put("memoryBytes", Long.toString(counters.memoryBytes()))
            .put("rxBytes", Long.toString(counters.rxBytes()))
            .put("txBytes", Long.toString(counters.txBytes()))
            .put("cpuCarryNanos", Long.toString(cpuCarryNanos))
            .put("memoryCarryByteMillis", Long.toString(memoryCarryByteMillis))
            .put("machineCarryMillis", Long.toString(machineCarryMillis))
            .put("closed", closed)
            .build());
  }

  /** Reads {@link #toJson()}; throws IllegalArgumentException naming what is wrong. */
  public static MeterState fromJson(byte[] json) {
    CanonicalValue v = CanonicalJson.parseCanonical(json);
    if (!(v instanceof CanonicalObject o)) {
      throw new IllegalArgumentException("meter state is not an object");
    }
    return new MeterState(
        text(o, "sessionId"),
        text(o, "agreementId"),
        text(o, "machineId"),
        number(o, "sequence"),
        CanonicalInstants.parse(text(o, "end")),
        new UsageCounters(
            number(o, "cpuNanos"),
            number(o, "memoryBytes"),
            number(o, "rxBytes"),
            number(o, "txBytes")),
        number(o, "cpuCarryNanos"),
        number(o, "memoryCarryByteMillis"),
        number(o, "machineCarryMillis"),
        o.get("closed") instanceof CanonicalBoolean b && b.value());
  }

  private static String text(CanonicalObject o, String key) {
    if (!(o.get(key) instanceof CanonicalString s)) {
      throw new IllegalArgumentException("meter state lacks string " + key);
    }
    return s.value();
  }

  private static long number(CanonicalObject o, String key) {
    try {
      return Long.parseLong(text(o, key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("meter state " + key + " is not a number", e);
    }
  }
}
