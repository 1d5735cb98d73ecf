package io.xenia.broker.credentials;

import io.xenia.broker.access.AccountKind;
import io.xenia.broker.access.Scope;
import io.xenia.broker.problems.XeniaException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Scope names on the wire and in the database: space-separated, as in OAuth 2.0. */
final class ScopeSet {
  private ScopeSet() {}

  static String format(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::wireName).collect(Collectors.joining(" "));
  }

  static Set<Scope> parseStored(String stored) {
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : stored.split(" ")) {
      // A scope name retired since the key was made grants nothing.
      Scope.fromWireName(name).ifPresent(scopes::add);
    }
    return scopes;
  }

  /**
   * The scopes a new key of an account of {@code kind} gets: what it asked for (all it may have,
   * when it asked for none), refused when it asks for an unknown scope or one beyond its kind.
   */
  static Set<Scope> grant(AccountKind kind, Collection<String> requested) {
    if (requested == null || requested.isEmpty()) {
      return kind.grantableScopes();
    }
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : requested) {
      Scope scope =
          Scope.fromWireName(name)
              .orElseThrow(
                  () -> XeniaException.invalidField("scopes", "has unknown scope " + name));
      if (!kind.grantableScopes().contains(scope)) {
        throw XeniaException.invalidField(
            "scopes", "has " + name + ", which a " + kind.wireName() + " account cannot hold");
      }
      scopes.add(scope);
    }
    return scopes;
  }
}
