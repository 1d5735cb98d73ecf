package io.xenia.dht.transport.udp;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The established sessions: by id for receiving, by remote address for sending. A new session with
 * an address replaces the old one for sending, while the old one keeps accepting packets already in
 * flight until it idles out.
 *
 * <p>Owned by the event loop; not thread-safe.
 */
final class SessionTable {
  private final Map<Long, Session> byId = new HashMap<>();
  private final Map<InetSocketAddress, Session> byAddress = new HashMap<>();

  void add(Session session) {
    byId.put(session.id(), session);
    byAddress.put(session.address(), session);
  }

  Session forId(long id) {
    return byId.get(id);
  }

  Session forAddress(InetSocketAddress address) {
    return byAddress.get(address);
  }

  void remove(Session session) {
    byId.remove(session.id(), session);
    byAddress.remove(session.address(), session);
  }

  /** Removes sessions idle for longer than {@code idleNanos}. */
  void expire(long nowNanos, long idleNanos) {
    byId.values().removeIf(s -> nowNanos - s.lastActiveNanos() > idleNanos);
    byAddress.values().removeIf(s -> nowNanos - s.lastActiveNanos() > idleNanos);
  }

  int size() {
    return byId.size();
  }
}
