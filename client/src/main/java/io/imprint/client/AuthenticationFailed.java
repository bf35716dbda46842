package io.imprint.client;

/**
 * IAM's token endpoint refused the API key (or answered no token), so no request was sent: the key,
 * not the request, is at fault. {@link #status()} and {@link #code()} are the token endpoint's
 * ({@code 400 BXNIM0415E} for a key it does not know).
 */
public final class AuthenticationFailed extends RuntimeException {
  private final String tokenUrl;
  private final int status;
  private final String code;

  AuthenticationFailed(String tokenUrl, ApiError error) {
    super(error.getMessage(), error);
    this.tokenUrl = tokenUrl;
    this.status = error.status();
    this.code = error.code();
  }

  /** Where the token was asked for. */
  public String tokenUrl() {
    return tokenUrl;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
