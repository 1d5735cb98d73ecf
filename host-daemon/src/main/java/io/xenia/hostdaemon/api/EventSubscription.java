package io.xenia.hostdaemon.api;

/** A live subscription to lifecycle events; closing it stops delivery. */
public interface EventSubscription extends AutoCloseable {
  @Override
  void close();
}
