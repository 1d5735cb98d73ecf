package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.internal.NodeCore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Builds a get (TomP2P's {@code GetBuilder}): all values at a location and domain, or the one with
 * a content key; {@link #start()} for the values, {@link #startDigest(int)} for a summary. Not
 * thread-safe; build on one thread, then start.
 */
public final class GetBuilder {
  private final NodeCore core;
  private final NodeId location;
  private final NodeId domain;
  private Optional<NodeId> content = Optional.empty();
  private boolean nearby;

  GetBuilder(NodeCore core, NodeId location, NodeId domain) {
    this.core = core;
    this.location = requireNonNull(location, "location is null");
    this.domain = requireNonNull(domain, "domain is null");
  }

  /** Only the value with this content key. */
  public GetBuilder content(NodeId content) {
    this.content = Optional.of(requireNonNull(content, "content is null"));
    return this;
  }

  /**
   * When this node is itself among the k closest to the location (by its routing table; always in a
   * network of at most k + 1 nodes), reads its own copy and asks the closest other holder it knows
   * with one FIND_VALUE (one round, two messages) instead of a lookup merging two remote holders; a
   * lookup still runs if that holder does not answer, or if this node is not among the closest. Two
   * copies are merged either way.
   */
  public GetBuilder nearby() {
    this.nearby = true;
    return this;
  }

  /** Looks the values up; signatures are verified and only the newest live value per key kept. */
  public CompletableFuture<GetResult> start() {
    return core.operations().get(location, domain, content, nearby);
  }

  /**
   * Looks up the digest of the location and domain; the responder also returns the entries when
   * there are at most {@code inlineLimit} of them.
   */
  public CompletableFuture<DigestResult> startDigest(int inlineLimit) {
    if (inlineLimit < 0) {
      throw new IllegalArgumentException("inlineLimit must not be negative");
    }
    return core.operations().digest(location, domain, inlineLimit, nearby);
  }
}
