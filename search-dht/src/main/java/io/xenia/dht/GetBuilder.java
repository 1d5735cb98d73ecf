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

  /** Looks the values up; signatures are verified and only the newest live value per key kept. */
  public CompletableFuture<GetResult> start() {
    return core.operations().get(location, domain, content);
  }

  /**
   * Looks up the digest of the location and domain; the responder also returns the entries when
   * there are at most {@code inlineLimit} of them.
   */
  public CompletableFuture<DigestResult> startDigest(int inlineLimit) {
    if (inlineLimit < 0) {
      throw new IllegalArgumentException("inlineLimit must not be negative");
    }
    return core.operations().digest(location, domain, inlineLimit);
  }
}
