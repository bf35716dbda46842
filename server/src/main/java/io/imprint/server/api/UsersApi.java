package io.imprint.server.api;

import io.imprint.core.app.iam.UserService;
import io.imprint.server.http.Http;
import io.imprint.server.wire.IamJson;
import io.javalin.http.Context;

/**
 * {@code /imprint/v1/users}, an extension: IBM invites users through its user management API, which
 * a self-hosted server cannot (no IBMid to invite); here a user is made by name, and gets API keys
 * through {@code /v1/apikeys}.
 */
public final class UsersApi {
  private final Http http;
  private final UserService users;

  public UsersApi(Http http, UserService users) {
    this.http = http;
    this.users = users;
  }

  public void listUsers(Context ctx) {
    http.json(ctx, 200, IamJson.users(users.listUsers()));
  }

  public void createUser(Context ctx) {
    http.json(ctx, 201, IamJson.user(users.createUser(http.body(ctx).requiredString("name"))));
  }
}
