package io.xenia.dht.vivaldi;

import static java.util.Objects.requireNonNull;

import java.util.Random;

/**
 * One node's Vivaldi state: its coordinate, moved by each measured round trip as a spring system
 * would move it (Dabek et al., SIGCOMM 2004, §3-4, with the height-vector model of §5.4 and the
 * adaptive timestep of §3.4).
 *
 * <p>Not thread-safe: owned by the node's thread, which feeds it every RPC round trip.
 */
public final class Vivaldi {
  // Tuning constants from the paper (cc = ce = 0.25 converge quickly without oscillating).
  private static final double CC = 0.25;
  private static final double CE = 0.25;
  private static final double MIN_ERROR = 0.01;
  private static final double MIN_HEIGHT = 0.01;
  // Samples beyond this are timeouts or pauses, not latency, and would fling the coordinate.
  private static final double MAX_RTT_MILLIS = 10_000;

  private final Random random;
  private Coordinate coordinate = Coordinate.ORIGIN;
  private long updates;

  /** A fresh state at the origin; {@code random} breaks ties when two nodes sit on one point. */
  public Vivaldi(Random random) {
    this.random = requireNonNull(random, "random is null");
  }

  /** The current coordinate. */
  public Coordinate coordinate() {
    return coordinate;
  }

  /** How many samples moved the coordinate. */
  public long updates() {
    return updates;
  }

  /**
   * Moves the coordinate toward agreement with one measured round trip to a node at {@code remote}.
   * Non-positive or absurd RTTs are ignored.
   */
  public void observe(Coordinate remote, double rttMillis) {
    requireNonNull(remote, "remote is null");
    if (!(rttMillis > 0) || rttMillis > MAX_RTT_MILLIS) {
      return;
    }
    Coordinate local = coordinate;
    double predicted = local.rttMillisTo(remote);
    double weight = local.error() / (local.error() + remote.error());
    double sampleError = Math.abs(predicted - rttMillis) / rttMillis;
    double error = sampleError * CE * weight + local.error() * (1 - CE * weight);
    error = Math.max(MIN_ERROR, Math.min(Coordinate.INITIAL_ERROR, error));
    double force = CC * weight * (rttMillis - predicted);

    double[] l = local.vector();
    double[] r = remote.vector();
    double[] unit = new double[Coordinate.DIMENSIONS];
    double length = 0;
    for (int i = 0; i < unit.length; i++) {
      unit[i] = l[i] - r[i];
      length += unit[i] * unit[i];
    }
    length = Math.sqrt(length);
    if (length < 1e-9) {
      length = 0;
      for (int i = 0; i < unit.length; i++) {
        unit[i] = random.nextDouble() - 0.5;
        length += unit[i] * unit[i];
      }
      length = Math.sqrt(length);
    }
    double magnitude = length + local.height() + remote.height();
    for (int i = 0; i < unit.length; i++) {
      l[i] += unit[i] / length * force;
    }
    double height = local.height() + (local.height() + remote.height()) * force / magnitude;
    coordinate = new Coordinate(l, Math.max(MIN_HEIGHT, height), error);
    updates++;
  }
}
