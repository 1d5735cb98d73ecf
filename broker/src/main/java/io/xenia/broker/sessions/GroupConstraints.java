package io.xenia.broker.sessions;

/**
 * What must hold between the members of a group of sessions created together.
 *
 * @param distinctOwners no two members on machines of the same host operator
 * @param sameRegion all members in one region
 */
public record GroupConstraints(boolean distinctOwners, boolean sameRegion) {
  public static final GroupConstraints NONE = new GroupConstraints(false, false);
}
