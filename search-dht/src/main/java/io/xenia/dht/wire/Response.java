package io.xenia.dht.wire;

import io.xenia.dht.vivaldi.Coordinate;

/**
 * The answer to a {@link Request}. Every response carries the responder's Vivaldi coordinate, so
 * that each round trip also refines the requester's network coordinate.
 */
public sealed interface Response extends Message permits Pong, Nodes, Values, Digests, StoreResult {
  /** The responder's network coordinate when it answered. */
  Coordinate coordinate();
}
