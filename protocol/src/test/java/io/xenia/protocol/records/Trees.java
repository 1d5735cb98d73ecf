package io.xenia.protocol.records;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import java.util.TreeMap;

/** Edits of canonical trees by dotted path, to build invalid records for tests. */
final class Trees {
  private Trees() {}

  /** The tree with the member at the path replaced (or added), or removed when value is null. */
  static CanonicalValue with(CanonicalValue root, String path, CanonicalValue value) {
    CanonicalObject object = (CanonicalObject) root;
    TreeMap<String, CanonicalValue> members = new TreeMap<>(object.members());
    int dot = path.indexOf('.');
    if (dot < 0) {
      if (value == null) {
        members.remove(path);
      } else {
        members.put(path, value);
      }
    } else {
      String head = path.substring(0, dot);
      members.put(head, with(members.get(head), path.substring(dot + 1), value));
    }
    return new CanonicalObject(members);
  }

  static CanonicalValue without(CanonicalValue root, String path) {
    return with(root, path, null);
  }
}
