package io.xenia.hostdaemon.metering;

import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.protocol.records.UsageQuantities;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Turns two readings of a session's cumulative counters into the quantities of one interval: pure
 * integer arithmetic, no IO, no floating point.
 *
 * <p>Rules: CPU, received and sent bytes are differences of cumulative counters. A counter that
 * went <em>down</em> means the machine restarted behind the meter's back (its counters count from
 * boot): that counter's reading is then taken as the whole use since a restart from zero, so the
 * difference is the new value itself, never negative; each counter is judged on its own. Memory is
 * the reading at the end of the interval held for the whole interval (the meter samples every few
 * seconds). Quantities are whole units, rounded down; the remainder is carried into the next
 * interval, so nothing is overstated or lost.
 */
public final class UsageMath {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final BigInteger BYTE_MILLIS_PER_MIB_SECOND =
      BigInteger.valueOf((1L << 20) * 1000L);

  private UsageMath() {}

  /** One interval's quantities and the meter state after it. */
  public record Cut(UsageQuantities quantities, MeterState next, boolean counterReset) {}

  /**
   * The interval from {@code state.end()} to {@code end} (truncated to milliseconds; must be after
   * it) with counters {@code now} at its end.
   */
  public static Cut cut(MeterState state, UsageCounters now, Instant end) {
    Instant e = end.truncatedTo(ChronoUnit.MILLIS);
    if (!e.isAfter(state.end())) {
      throw new IllegalArgumentException(
          "interval end " + e + " is not after its start " + state.end());
    }
    long millis = Duration.between(state.end(), e).toMillis();
    UsageCounters before = state.counters();
    // Each counter on its own: one that went down restarted from zero (its reading is the use since
    // the restart). Not all three together: a driver may lose one source (netns reports zero bytes
    // while the namespace is gone) and billing the whole CPU total again would overstate.
    long cpu = delta(before.cpuNanos(), now.cpuNanos());
    long rx = delta(before.rxBytes(), now.rxBytes());
    long tx = delta(before.txBytes(), now.txBytes());
    boolean reset =
        now.cpuNanos() < before.cpuNanos()
            || now.rxBytes() < before.rxBytes()
            || now.txBytes() < before.txBytes();
    if (cpu < 0 || rx < 0 || tx < 0 || now.memoryBytes() < 0) {
      throw new IllegalArgumentException("negative counters from the driver: " + now);
    }

    long cpuTotal = Math.addExact(state.cpuCarryNanos(), cpu);
    BigInteger memTotal =
        BigInteger.valueOf(now.memoryBytes())
            .multiply(BigInteger.valueOf(millis))
            .add(BigInteger.valueOf(state.memoryCarryByteMillis()));
    BigInteger[] mem = memTotal.divideAndRemainder(BYTE_MILLIS_PER_MIB_SECOND);
    long machineTotal = Math.addExact(state.machineCarryMillis(), millis);

    UsageQuantities q =
        new UsageQuantities(
            cpuTotal / NANOS_PER_SECOND, mem[0].longValueExact(), tx, rx, machineTotal / 1000);
    MeterState next =
        new MeterState(
            state.sessionId(),
            state.agreementId(),
            state.machineId(),
            state.sequence() + 1,
            e,
            now,
            cpuTotal % NANOS_PER_SECOND,
            mem[1].longValueExact(),
            machineTotal % 1000,
            false);
    return new Cut(q, next, reset);
  }

  private static long delta(long before, long now) {
    return now >= before ? now - before : now;
  }
}
