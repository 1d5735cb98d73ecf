package io.xenia.dht.wire;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.vivaldi.Coordinate;

/** The answer to {@link Ping}. */
public record Pong(long requestId, Coordinate coordinate) implements Response {
  /** Checks that the coordinate is present. */
  public Pong {
    requireNonNull(coordinate, "coordinate is null");
  }
}
