package dev.likeness.api.limit;

import java.util.Locale;

/** Why a request was refused for the node's sake rather than for what it asked: a meter's tag. */
public enum RefusalReason {
  /** A client over its search rate: 429. */
  SEARCH_RATE,
  /** A client over its write rate: 429. */
  WRITE_RATE,
  /** An image search that found the decode queue full: 503 at once. */
  DECODE_QUEUE_FULL,
  /** An image search that waited in the decode queue its longest: 503. */
  DECODE_WAIT,
  /** A body not complete within the body timeout (a slow or stalled client): 408. */
  BODY_TIMEOUT,
  /** A body, image, form field or metadata over its limit: 413. */
  TOO_LARGE,
  /** A form with more parts or fields than allowed: 413. */
  TOO_MANY_PARTS,
  /** More bodies held at once than the node allows: 503. */
  BODIES_IN_FLIGHT,
  /** Request headers over their limit: 431. */
  HEADERS_TOO_LARGE,
  /** A request line (the URL) over its limit: 414. */
  URI_TOO_LONG;

  /** The tag value: lower case, words joined by hyphens. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
