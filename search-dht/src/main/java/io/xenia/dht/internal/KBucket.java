package io.xenia.dht.internal;

import io.xenia.dht.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * One k-bucket: at most k contacts ordered from least-recently-seen (head, index 0) to
 * most-recently-seen (tail). A list rather than a map because k is small (20) and linear scans over
 * it are cheaper than hashing 32-byte ids. Not thread-safe; owned by its {@link RoutingTable}.
 */
final class KBucket {
  private final int capacity;
  private final List<Contact> contacts;
  private long lastActivityNanos;

  KBucket(int capacity, long createdNanos) {
    this.capacity = capacity;
    this.contacts = new ArrayList<>(4); // grows to k only where the network is that dense
    this.lastActivityNanos = createdNanos;
  }

  int indexOf(NodeId id) {
    for (int i = 0; i < contacts.size(); i++) {
      if (contacts.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  boolean isFull() {
    return contacts.size() >= capacity;
  }

  boolean isEmpty() {
    return contacts.isEmpty();
  }

  int size() {
    return contacts.size();
  }

  Contact head() {
    return contacts.get(0);
  }

  /** Replaces the contact at {@code index} by {@code contact}, now at the tail. */
  void moveToTail(int index, Contact contact) {
    contacts.remove(index);
    contacts.add(contact);
  }

  /** Appends; the caller has checked that the contact is absent and there is room. */
  void addTail(Contact contact) {
    contacts.add(contact);
  }

  Contact removeAt(int index) {
    return contacts.remove(index);
  }

  /** A snapshot, head first. */
  List<Contact> contacts() {
    return List.copyOf(contacts);
  }

  void addAllTo(List<Contact> out) {
    out.addAll(contacts);
  }

  long lastActivityNanos() {
    return lastActivityNanos;
  }

  void touch(long nanos) {
    lastActivityNanos = nanos;
  }
}
