package dev.likeness.api.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What an API key may do. */
public enum Scope {
  /** Search, and read images and their thumbnails. */
  SEARCH,
  /** Publish, delete and import images. */
  WRITE,
  /** Read metrics, lag and the status page. */
  ADMIN;

  /** The scope's name as written in key files and flags: {@code search}, {@code write}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code "search,write"} as a set. @throws IllegalArgumentException naming an unknown scope */
  public static Set<Scope> parseList(String list) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String part : list.split(",")) {
      String label = part.strip();
      if (label.isEmpty()) {
        continue;
      }
      try {
        scopes.add(Scope.valueOf(label.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown scope '" + label + "': scopes are search, write and admin");
      }
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("no scope given: scopes are search, write and admin");
    }
    return scopes;
  }

  /** The set as {@code search,write}, in declaration order. */
  public static String format(Set<Scope> scopes) {
    StringBuilder out = new StringBuilder();
    for (Scope s : EnumSet.copyOf(scopes)) {
      out.append(out.length() == 0 ? "" : ",").append(s.label());
    }
    return out.toString();
  }
}
