package io.xenia.dht.wire;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.StoreOutcome;
import io.xenia.dht.vivaldi.Coordinate;
import java.util.List;

/** The answer to {@link Store}: one outcome per entry, in the request's order. */
public record StoreResult(long requestId, Coordinate coordinate, List<StoreOutcome> outcomes)
    implements Response {
  /** Copies the list. */
  public StoreResult {
    requireNonNull(coordinate, "coordinate is null");
    outcomes = List.copyOf(outcomes);
  }
}
