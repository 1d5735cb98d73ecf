package io.xenia.dht.wire;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.NodeId;

/**
 * FIND_NODE: the k nodes the responder knows closest to {@code target}. Answered by {@link Nodes}.
 */
public record FindNode(long requestId, NodeId target) implements Request {
  /** Checks that the target is present. */
  public FindNode {
    requireNonNull(target, "target is null");
  }
}
