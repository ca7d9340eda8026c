package dev.likeness.api.auth;

/**
 * Who may use the write routes when no key file is given. With a key file every API route needs a
 * key with its scope, whatever the mode; the health probes and the pages (which hold no data) stay
 * open.
 */
public enum AuthMode {
  /** Writes need a key: without a key file they are refused. The default of {@code node}. */
  KEYS,
  /** Writes are open to clients on this machine (loopback) only. The default of {@code demo}. */
  LOOPBACK,
  /** Everything is open to anyone who reaches the port. */
  NONE
}
