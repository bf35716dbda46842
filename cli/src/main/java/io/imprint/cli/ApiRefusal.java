package io.imprint.cli;

import io.imprint.client.ApiError;

/**
 * An API error with a tip in CLI terms: the server's message speaks the API ("clear it with PATCH
 * ..."), while the person at the terminal wants the command that does it.
 */
final class ApiRefusal extends RuntimeException {
  private final ApiError error;
  private final String tip;

  ApiRefusal(ApiError error, String tip) {
    super(error.getMessage(), error);
    this.error = error;
    this.tip = tip;
  }

  ApiError error() {
    return error;
  }

  String tip() {
    return tip;
  }
}
