package io.xenia.dht.security;

/** What a DHT member is admitted as; written into its {@link MembershipClaims}. */
public enum MembershipRole {
  /** The broker's own DHT nodes, which run queries for customers. */
  BROKER,
  /** A dedicated search node that stores index entries. */
  SEARCH_NODE,
  /** A host daemon that publishes its machines' advertisements. */
  HOST
}
