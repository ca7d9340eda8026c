package dev.likeness.api.http;

/** A request that cannot be served, with the HTTP status and a message that says what to fix. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /** An error answered with {@code status}. */
  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** 400 Bad Request. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  /** 404 Not Found. */
  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }
}
