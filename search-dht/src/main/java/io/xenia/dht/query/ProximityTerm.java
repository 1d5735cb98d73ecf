package io.xenia.dht.query;

import java.util.regex.Pattern;

/**
 * A query term about network distance rather than about the offer itself: evaluated by the search
 * index against the Vivaldi coordinates that index entries carry, never by {@link
 * Query#matches(java.util.Map)} (an attribute map has no coordinates).
 */
public sealed interface ProximityTerm permits Near, RttWithin {
  /** A host id: the 64 lowercase hex digits of a host key's fingerprint. */
  Pattern HOST_ID = Pattern.compile("[0-9a-f]{64}");

  /** The term in canonical query syntax. */
  @Override
  String toString();

  /** Throws unless {@code hostId} is a well-formed host id. */
  static String checkHostId(String hostId) {
    if (hostId == null || !HOST_ID.matcher(hostId).matches()) {
      throw new IllegalArgumentException("not a host id (64 lowercase hex digits): " + hostId);
    }
    return hostId;
  }
}
