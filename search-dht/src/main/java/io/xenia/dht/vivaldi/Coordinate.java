package io.xenia.dht.vivaldi;

import java.util.Arrays;

/**
 * A Vivaldi network coordinate (Dabek et al., SIGCOMM 2004, with the height vector): a point in a
 * low-dimensional Euclidean space plus a height for the access link, and the node's own estimate of
 * its error. Predicted RTT between two nodes = Euclidean distance + both heights.
 *
 * <p>Floating point is right here: coordinates are estimates, never money or identity. A value;
 * thread-safe (the array is copied in and out).
 *
 * @param vector position in milliseconds, {@link #DIMENSIONS} components
 * @param height access-link latency in milliseconds, ≥ 0
 * @param error relative error estimate in (0, 1.5]; 1.5 for a node that has learned nothing yet
 */
public record Coordinate(double[] vector, double height, double error) {
  /** Dimensions of the Euclidean part; four plus height fits Internet-like latencies well. */
  public static final int DIMENSIONS = 4;

  /** The error a fresh node starts with. */
  public static final double INITIAL_ERROR = 1.5;

  /** The coordinate of a node that has no measurements yet: the origin. */
  public static final Coordinate ORIGIN =
      new Coordinate(new double[DIMENSIONS], 0.0, INITIAL_ERROR);

  /** Validates dimensions and ranges. */
  public Coordinate {
    if (vector == null || vector.length != DIMENSIONS) {
      throw new IllegalArgumentException("a coordinate has " + DIMENSIONS + " components");
    }
    vector = vector.clone();
    for (double v : vector) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("coordinate components must be finite");
      }
    }
    if (!Double.isFinite(height) || height < 0) {
      throw new IllegalArgumentException("height must be finite and >= 0, not " + height);
    }
    if (!(error > 0) || error > INITIAL_ERROR) {
      throw new IllegalArgumentException("error must be in (0, 1.5], not " + error);
    }
  }

  @Override
  public double[] vector() {
    return vector.clone();
  }

  /** Predicted round-trip time to {@code other} in milliseconds. */
  public double rttMillisTo(Coordinate other) {
    double sum = 0;
    for (int i = 0; i < DIMENSIONS; i++) {
      double d = vector[i] - other.vector[i];
      sum += d * d;
    }
    return Math.sqrt(sum) + height + other.height;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Coordinate c
        && Arrays.equals(vector, c.vector)
        && height == c.height
        && error == c.error;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(vector) + Double.hashCode(height) * 17 + Double.hashCode(error);
  }

  @Override
  public String toString() {
    return "Coordinate" + Arrays.toString(vector) + "+h" + height + "±" + error;
  }
}
