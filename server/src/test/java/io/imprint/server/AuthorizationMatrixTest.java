package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.ApiKeyDetails;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.Role;
import io.imprint.server.http.Route;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix: every route of the routes file, called by each role held on a resource
 * group or on the whole account, on a resource of its own group, of another group, or anywhere,
 * answers exactly its success status when docs/iam.md's rules allow the call, and 403 {@code
 * not_authorized} naming the action when they do not. The expectation is written here from those
 * rules, never asked of the authorizer, so that the two can disagree.
 *
 * <p>A new route without a request recipe fails the test: it cannot slip through unchecked.
 */
class AuthorizationMatrixTest {
  /** Where the caller holds its role, and where the request acts. */
  enum Scope {
    /** The role on resource group OWN; the request acts in OWN. */
    OWN,
    /** The role on OWN; the request acts in OTHER. */
    OTHER,
    /** The role on the whole account; the request acts in OTHER. */
    ACCOUNT
  }

  /** Which policies can allow a route, by what it acts on (docs/iam.md). */
  enum Reach {
    /**
     * Nothing of a group (regions, profiles, the clock's reading) or a list, which is narrowed to
     * what the caller may see: the role decides, wherever it is held.
     */
    ANYWHERE,
    /**
     * A resource of a group named by the path or the body, a new one created in a group, or a group
     * itself: the policy must also cover that group.
     */
    GROUP,
    /** The account (IAM, the audit trail, the clock, new groups): only an account-wide policy. */
    ACCOUNT
  }

  /** The fixtures of one resource group: what the recipes act on. */
  record Group(
      String id,
      String vpc,
      String subnet,
      String volume,
      String volumeCrn,
      String instance,
      String bootAttachment,
      String image) {}

  /** One HTTP request, and what to undo after it whatever it answered. */
  record Call(
      String method,
      String path,
      String json,
      byte[] bytes,
      Map<String, String> headers,
      Runnable after) {
    Call with(String header, String value) {
      var more = new LinkedHashMap<>(headers);
      more.put(header, value);
      return new Call(method, path, json, bytes, more, after);
    }

    Call andThen(Runnable undo) {
      return new Call(method, path, json, bytes, headers, undo);
    }
  }

  /**
   * How to call one route so that it succeeds for a caller the rules allow: its success status,
   * what it reaches, the actions it needs beyond the route's own, and the request, built for the
   * group the case acts in (creating, as the administrator, what it changes or deletes).
   *
   * @param listed the collection field of a list, whose narrowing is checked too
   * @param listedFixture the fixture of a group that its list must show to whoever may see it
   * @param noSuccessIn scopes in which an allowed call cannot honestly reach its success status, so
   *     only "neither 401 nor 403" is asserted (each one says why where it is declared)
   */
  record Recipe(
      String route,
      String variant,
      Reach reach,
      int success,
      List<String> alsoNeeds,
      String listed,
      Function<Group, String> listedFixture,
      Set<Scope> noSuccessIn,
      Function<Group, Call> call) {
    Recipe alsoNeeding(String action) {
      var more = new ArrayList<>(alsoNeeds);
      more.add(action);
      return new Recipe(
          route, variant, reach, success, more, listed, listedFixture, noSuccessIn, call);
    }

    Recipe variant(String name) {
      return new Recipe(
          route, name, reach, success, alsoNeeds, listed, listedFixture, noSuccessIn, call);
    }

    Recipe listing(String field, Function<Group, String> fixture) {
      return new Recipe(
          route, variant, reach, success, alsoNeeds, field, fixture, noSuccessIn, call);
    }

    Recipe noSuccessIn(Scope scope) {
      return new Recipe(
          route, variant, reach, success, alsoNeeds, listed, listedFixture, Set.of(scope), call);
    }

    String name() {
      return variant == null ? route : route + " (" + variant + ")";
    }
  }

  static final String ZONE = "us-south-1";
  static final AtomicInteger NAMES = new AtomicInteger();

  static TestServer server;
  static Api admin;
  static String accountId;
  static String stockImage;
  static String importFile;

  /** An identity that policies, memberships and API keys made by the recipes are about. */
  static String bystander;

  static Group own;
  static Group other;
  static final Map<Scope, Map<Role, Api>> callers = new EnumMap<>(Scope.class);
  static Map<String, List<Recipe>> recipes;

  @BeforeAll
  static void start() throws IOException {
    // the virtual clock, so that moving it is a route like any other
    server = TestServer.start(Map.of("clock", "virtual"));
    admin = server.api();
    stockImage =
        admin
            .get("/v1/images?name=ibm-debian-12-minimal-amd64-1")
            .body()
            .at("/images/0/id")
            .asText();
    var file = server.dataDir().resolve("import").resolve("matrix.img");
    Files.write(file, new byte[1 << 20]);
    importFile = file.toUri().toString();
    own = group("own");
    other = group("other");
    accountId = admin.get("/v2/resource_groups/" + own.id()).body().path("account_id").asText();
    bystander = Callers.user(server, "bystander");
    for (var scope : Scope.values()) {
      var roles = new EnumMap<Role, Api>(Role.class);
      for (var role : Role.values()) {
        roles.put(
            role,
            Callers.holding(
                server,
                role,
                scope == Scope.ACCOUNT
                    ? PolicyResource.account()
                    : PolicyResource.resourceGroup(own.id())));
      }
      callers.put(scope, roles);
    }
    recipes = recipes();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void every_guarded_route_has_a_request_recipe_and_every_recipe_a_route() {
    var routes = guardedRoutes().stream().map(AuthorizationMatrixTest::key).toList();
    assertThat(new TreeSet<>(recipes.keySet()))
        .as("recipes of routes that do not exist")
        .isSubsetOf(routes);
    assertThat(routes.stream().filter(r -> !recipes.containsKey(r)).toList())
        .as("routes without a request recipe: add one to recipes()")
        .isEmpty();
  }

  @Test
  void every_guarded_route_refuses_a_call_without_a_token() {
    var anonymous = admin.as(null);
    var failures = new ArrayList<String>();
    for (var route : guardedRoutes()) {
      var path = route.path().replaceAll("\\{[^}]+}", "unknown");
      var method = route.method().name();
      var body = Set.of("POST", "PUT", "PATCH").contains(method) ? "{}" : null;
      var response =
          anonymous.raw(
              method, versioned(path), body, body == null ? null : "application/json", Map.of());
      if (response.status() != 401 || !"token_missing".equals(response.errorCode())) {
        failures.add(key(route) + " -> " + response.status() + " " + response.raw());
      }
    }
    if (!failures.isEmpty()) {
      fail("routes that do not refuse a call without a token:\n" + String.join("\n", failures));
    }
  }

  @Test
  void every_route_answers_each_role_in_each_scope_exactly_as_the_rules_say() {
    var failures = new ArrayList<String>();
    int cases = 0;
    int allowed = 0;
    int refused = 0;
    long started = System.nanoTime();
    for (var route : guardedRoutes()) {
      if (!recipes.containsKey(key(route))) {
        failures.add(key(route) + ": no request recipe, so no case checks it");
      }
      for (var recipe : recipes.getOrDefault(key(route), List.of())) {
        var actions = new ArrayList<String>();
        actions.add(route.iamAction());
        actions.addAll(recipe.alsoNeeds());
        for (var scope : Scope.values()) {
          for (var role : Role.values()) {
            cases++;
            boolean expected = expected(recipe.reach(), actions, role, scope);
            if (expected) {
              allowed++;
            } else {
              refused++;
            }
            var problem = run(recipe, actions, role, scope, expected);
            if (problem != null) {
              failures.add(
                  recipe.name()
                      + " "
                      + role.displayName()
                      + " "
                      + scope
                      + ": expected "
                      + (expected ? "allowed" : "403")
                      + ", "
                      + problem);
            }
          }
        }
      }
    }
    System.out.printf(
        "authorization matrix: %d routes, %d cases (%d allowed, %d refused) in %d ms, %d differ%n",
        guardedRoutes().size(),
        cases,
        allowed,
        refused,
        (System.nanoTime() - started) / 1_000_000,
        failures.size());
    if (!failures.isEmpty()) {
      fail(
          failures.size()
              + " of "
              + cases
              + " cases differ from the rules:\n"
              + String.join("\n", failures));
    }
  }

  /**
   * The rules of docs/iam.md: the role must allow every action the call needs, and the policy must
   * reach what it acts on.
   */
  static boolean expected(Reach reach, List<String> actions, Role role, Scope scope) {
    if (!actions.stream().allMatch(role::allows)) {
      return false;
    }
    return switch (reach) {
      case ANYWHERE -> true;
      case GROUP -> scope != Scope.OTHER;
      case ACCOUNT -> scope == Scope.ACCOUNT;
    };
  }

  /** One case; null when it answered as expected, else what it answered. */
  private static String run(
      Recipe recipe, List<String> actions, Role role, Scope scope, boolean expected) {
    var caller = callers.get(scope).get(role);
    Call call;
    Api.Response response;
    try {
      call = recipe.call().apply(scope == Scope.OWN ? own : other);
    } catch (RuntimeException | AssertionError e) {
      return "its fixture could not be made: " + e.getMessage();
    }
    try {
      response = send(caller, call);
    } finally {
      call.after().run();
    }
    var answered =
        call.method() + " " + call.path() + " -> " + response.status() + " " + body(response);
    if (!expected) {
      var message = response.errorMessage();
      boolean namesAction = message != null && actions.stream().anyMatch(message::contains);
      return response.status() == 403
              && "not_authorized".equals(response.errorCode())
              && namesAction
          ? null
          : answered;
    }
    if (recipe.noSuccessIn().contains(scope)) {
      return response.status() != 401 && response.status() != 403 ? null : answered;
    }
    if (response.status() != recipe.success()) {
      return answered;
    }
    return recipe.listed() == null ? null : narrowing(recipe, caller, scope, response);
  }

  /**
   * A list shows the caller what its policies cover and nothing else, and counts only that: a
   * caller with a role on OWN sees OWN's resources (and the public catalog) and never OTHER's.
   */
  private static String narrowing(Recipe recipe, Api caller, Scope scope, Api.Response first) {
    var items = new ArrayList<JsonNode>();
    var page = first.body();
    while (true) {
      page.path(recipe.listed()).forEach(items::add);
      var next = page.at("/next/href").asText(null);
      if (next == null) {
        break;
      }
      page = caller.raw("GET", versioned(pathAndQuery(next)), null, null, Map.of()).body();
    }
    var ids = items.stream().map(i -> i.path("id").asText()).collect(Collectors.toSet());
    var problems = new ArrayList<String>();
    if (scope == Scope.ACCOUNT) {
      for (var group : List.of(own, other)) {
        if (!ids.contains(recipe.listedFixture().apply(group))) {
          problems.add("misses " + recipe.listedFixture().apply(group));
        }
      }
    } else {
      if (!ids.contains(recipe.listedFixture().apply(own))) {
        problems.add("misses OWN's " + recipe.listedFixture().apply(own));
      }
      for (var item : items) {
        var group =
            recipe.listed().equals("resources")
                ? item.path("id").asText()
                : item.at("/resource_group/id").asText();
        if (!group.equals(own.id()) && !"public".equals(item.path("visibility").asText())) {
          problems.add("shows " + item.path("id").asText() + " of group " + group);
        }
      }
    }
    if (first.body().has("total_count")
        && first.body().path("total_count").asLong() != items.size()) {
      problems.add(
          "total_count " + first.body().path("total_count").asLong() + " for " + items.size());
    }
    return problems.isEmpty() ? null : "the list " + problems;
  }

  // --- the recipes: one or more per route, keyed "METHOD /path" as in the routes file

  static Map<String, List<Recipe>> recipes() {
    var all = new ArrayList<Recipe>();

    // IAM policies: the account's
    all.add(account("GET /v1/policies", 200, g -> get("/v1/policies")));
    all.add(account("POST /v1/policies", 201, g -> post("/v1/policies", policyBody())));
    all.add(account("GET /v1/policies/{id}", 200, g -> get("/v1/policies/" + policy().id())));
    all.add(
        account(
            "PUT /v1/policies/{id}",
            200,
            g -> {
              var policy = policy();
              return put("/v1/policies/" + policy.id(), policyBody())
                  .with("If-Match", policy.etag());
            }));
    all.add(account("DELETE /v1/policies/{id}", 204, g -> delete("/v1/policies/" + policy().id())));

    // what belongs to no group
    all.add(anywhere("GET /v1/regions", 200, g -> get("/v1/regions")));
    all.add(anywhere("GET /v1/regions/{region}", 200, g -> get("/v1/regions/us-south")));
    all.add(
        anywhere("GET /v1/regions/{region}/zones", 200, g -> get("/v1/regions/us-south/zones")));
    all.add(
        anywhere(
            "GET /v1/regions/{region}/zones/{zone}",
            200,
            g -> get("/v1/regions/us-south/zones/" + ZONE)));

    // Resource groups: only the account makes them, but a policy on a group reaches the group
    // itself, so any role there reads it and its Administrator renames or deletes it. docs/iam.md
    // gives changing groups to the Administrator without naming a scope; this is the gate's
    // reading.
    all.add(
        anywhere("GET /v2/resource_groups", 200, g -> get("/v2/resource_groups"))
            .listing("resources", Group::id));
    all.add(
        account(
            "POST /v2/resource_groups",
            201,
            g -> post("/v2/resource_groups", obj("name", name()))));
    all.add(
        inGroup("GET /v2/resource_groups/{id}", 200, g -> get("/v2/resource_groups/" + g.id())));
    all.add(
        inGroup(
            "PATCH /v2/resource_groups/{id}",
            200,
            g -> patch("/v2/resource_groups/" + g.id(), obj("name", name()))));
    // Only an empty group can be deleted, and OWN holds the fixtures: an Administrator of OWN is
    // let through to a 409 resource_group_not_empty. Elsewhere the request acts on a new empty
    // group, which the policy on OWN does not reach and an account-wide one does.
    all.add(
        inGroup(
                "DELETE /v2/resource_groups/{id}",
                204,
                g -> delete("/v2/resource_groups/" + (g == own ? g.id() : emptyGroup())))
            .noSuccessIn(Scope.OWN));

    // IAM Identity, Access Groups and users: the account's
    all.add(account("GET /v1/serviceids", 200, g -> get("/v1/serviceids")));
    all.add(account("POST /v1/serviceids", 201, g -> post("/v1/serviceids", obj("name", name()))));
    all.add(account("GET /v1/serviceids/{id}", 200, g -> get("/v1/serviceids/" + serviceId())));
    all.add(
        account(
            "PUT /v1/serviceids/{id}",
            200,
            g -> put("/v1/serviceids/" + serviceId(), obj("name", name())).with("If-Match", "*")));
    all.add(
        account("DELETE /v1/serviceids/{id}", 204, g -> delete("/v1/serviceids/" + serviceId())));
    all.add(
        account(
            "POST /v1/serviceids/{id}/lock",
            204,
            g -> post("/v1/serviceids/" + serviceId() + "/lock", null)));
    all.add(
        account(
            "DELETE /v1/serviceids/{id}/lock",
            204,
            g -> {
              var id = serviceId();
              expect(
                  admin.raw("POST", "/v1/serviceids/" + id + "/lock", null, null, Map.of()), 204);
              return delete("/v1/serviceids/" + id + "/lock");
            }));
    all.add(account("GET /v1/apikeys", 200, g -> get("/v1/apikeys")));
    all.add(
        account(
            "POST /v1/apikeys",
            201,
            g -> post("/v1/apikeys", obj("name", name(), "iam_id", bystander))));
    all.add(account("GET /v1/apikeys/{id}", 200, g -> get("/v1/apikeys/" + apiKey(false))));
    all.add(
        account(
            "PUT /v1/apikeys/{id}",
            200,
            g -> put("/v1/apikeys/" + apiKey(false), obj("name", name())).with("If-Match", "*")));
    all.add(account("DELETE /v1/apikeys/{id}", 204, g -> delete("/v1/apikeys/" + apiKey(false))));
    all.add(
        account(
            "POST /v1/apikeys/{id}/lock",
            204,
            g -> post("/v1/apikeys/" + apiKey(false) + "/lock", null)));
    all.add(
        account(
            "DELETE /v1/apikeys/{id}/lock",
            204,
            g -> delete("/v1/apikeys/" + apiKey(true) + "/lock")));
    all.add(account("GET /v2/groups", 200, g -> get("/v2/groups")));
    all.add(account("POST /v2/groups", 201, g -> post("/v2/groups", obj("name", name()))));
    all.add(account("GET /v2/groups/{id}", 200, g -> get("/v2/groups/" + accessGroup(false))));
    all.add(
        account(
            "PATCH /v2/groups/{id}",
            200,
            g ->
                patch("/v2/groups/" + accessGroup(false), obj("name", name()))
                    .with("If-Match", "*")));
    all.add(
        account("DELETE /v2/groups/{id}", 204, g -> delete("/v2/groups/" + accessGroup(false))));
    all.add(
        account(
            "PUT /v2/groups/{id}/members",
            207,
            g ->
                put(
                    "/v2/groups/" + accessGroup(false) + "/members",
                    obj("members", List.of(obj("iam_id", bystander, "type", "user"))))));
    all.add(
        account(
            "GET /v2/groups/{id}/members",
            200,
            g -> get("/v2/groups/" + accessGroup(true) + "/members")));
    all.add(
        account(
            "DELETE /v2/groups/{id}/members/{iam_id}",
            204,
            g -> delete("/v2/groups/" + accessGroup(true) + "/members/" + bystander)));
    all.add(account("GET /imprint/v1/users", 200, g -> get("/imprint/v1/users")));
    all.add(
        account(
            "POST /imprint/v1/users", 201, g -> post("/imprint/v1/users", obj("name", name()))));

    // Key Protect: its keys belong to no group, so only an account-wide policy reaches them
    all.add(account("GET /api/v2/keys", 200, g -> kp(get("/api/v2/keys"))));
    all.add(
        account(
            "POST /api/v2/keys",
            201,
            g ->
                kp(
                    post(
                        "/api/v2/keys",
                        obj(
                            "resources",
                            List.of(obj("name", "matrix-" + name(), "extractable", false)))))));
    all.add(account("GET /api/v2/keys/{id}", 200, g -> kp(get("/api/v2/keys/" + rootKey()))));
    all.add(account("DELETE /api/v2/keys/{id}", 204, g -> kp(delete("/api/v2/keys/" + rootKey()))));
    all.add(
        account(
            "GET /api/v2/keys/{id}/registrations",
            200,
            g -> kp(get("/api/v2/keys/" + rootKey() + "/registrations"))));
    for (var action : List.of("wrap", "disable", "rotate")) {
      all.add(
          account(
              "POST /api/v2/keys/{id}/actions/" + action,
              action.equals("wrap") ? 200 : 204,
              g ->
                  kp(
                      post(
                          "/api/v2/keys/" + rootKey() + "/actions/" + action,
                          action.equals("wrap") ? obj() : null))));
    }
    all.add(
        account(
            "POST /api/v2/keys/{id}/actions/enable",
            204,
            g -> {
              var key = rootKey();
              admin.raw(
                  "POST",
                  "/api/v2/keys/" + key + "/actions/disable",
                  null,
                  null,
                  KeyProtect.instance());
              return kp(post("/api/v2/keys/" + key + "/actions/enable", null));
            }));
    for (var action : List.of("unwrap", "rewrap")) {
      all.add(
          account(
              "POST /api/v2/keys/{id}/actions/" + action,
              200,
              g -> {
                var key = rootKey();
                var ciphertext =
                    admin
                        .raw(
                            "POST",
                            "/api/v2/keys/" + key + "/actions/wrap",
                            "{}",
                            "application/json",
                            KeyProtect.instance())
                        .body()
                        .path("ciphertext")
                        .asText();
                return kp(
                    post(
                        "/api/v2/keys/" + key + "/actions/" + action,
                        obj("ciphertext", ciphertext)));
              }));
    }

    // the catalog: no group
    all.add(anywhere("GET /v1/operating_systems", 200, g -> get("/v1/operating_systems")));
    all.add(
        anywhere(
            "GET /v1/operating_systems/{name}",
            200,
            g -> get("/v1/operating_systems/debian-12-amd64")));
    all.add(anywhere("GET /v1/instance/profiles", 200, g -> get("/v1/instance/profiles")));
    all.add(
        anywhere(
            "GET /v1/instance/profiles/{name}", 200, g -> get("/v1/instance/profiles/bx2-2x8")));
    all.add(anywhere("GET /v1/volume/profiles", 200, g -> get("/v1/volume/profiles")));
    all.add(
        anywhere(
            "GET /v1/volume/profiles/{name}",
            200,
            g -> get("/v1/volume/profiles/general-purpose")));

    // VPCs and subnets
    all.add(
        anywhere("GET /v1/vpcs", 200, g -> get("/v1/vpcs?limit=100")).listing("vpcs", Group::vpc));
    all.add(inGroup("POST /v1/vpcs", 201, g -> post("/v1/vpcs", vpcBody(g.id()))));
    all.add(inGroup("GET /v1/vpcs/{id}", 200, g -> get("/v1/vpcs/" + g.vpc())));
    all.add(inGroup("DELETE /v1/vpcs/{id}", 204, g -> delete("/v1/vpcs/" + vpc(g.id()))));
    all.add(
        anywhere("GET /v1/subnets", 200, g -> get("/v1/subnets?limit=100"))
            .listing("subnets", Group::subnet));
    all.add(
        inGroup("POST /v1/subnets", 201, g -> post("/v1/subnets", subnetBody(g.id(), g.vpc(), 8))));
    all.add(inGroup("GET /v1/subnets/{id}", 200, g -> get("/v1/subnets/" + g.subnet())));
    all.add(
        inGroup(
            "DELETE /v1/subnets/{id}",
            204,
            g -> delete("/v1/subnets/" + subnet(g.id(), g.vpc(), 8))));

    // images
    all.add(
        anywhere("GET /v1/images", 200, g -> get("/v1/images?limit=100"))
            .listing("images", Group::image));
    // the extensions of the list: narrowed as it is, in pages of another order
    all.add(
        anywhere("GET /imprint/v1/images", 200, g -> get("/imprint/v1/images?limit=5&sort=-name"))
            .listing("images", Group::image));
    all.add(
        anywhere(
            "GET /imprint/v1/images/status_counts",
            200,
            g -> get("/imprint/v1/images/status_counts")));
    all.add(inGroup("POST /v1/images", 201, g -> post("/v1/images", imageBody(g.id()))));
    all.add(inGroup("GET /v1/images/{id}", 200, g -> get("/v1/images/" + g.image())));
    // a public stock image is the catalog: whoever may read images anywhere reads it
    all.add(
        anywhere("GET /v1/images/{id}", 200, g -> get("/v1/images/" + stockImage))
            .variant("a public stock image"));
    all.add(
        inGroup(
            "PATCH /v1/images/{id}",
            200,
            g -> patch("/v1/images/" + image(g), obj("name", name()))));
    all.add(inGroup("DELETE /v1/images/{id}", 202, g -> delete("/v1/images/" + image(g))));
    all.add(
        inGroup(
            "POST /v1/images/{id}/deprecate",
            204,
            g -> post("/v1/images/" + image(g) + "/deprecate", null)));
    all.add(
        inGroup(
            "POST /v1/images/{id}/obsolete",
            204,
            g -> post("/v1/images/" + image(g) + "/obsolete", null)));

    // volumes
    all.add(
        anywhere("GET /v1/volumes", 200, g -> get("/v1/volumes?limit=100"))
            .listing("volumes", Group::volume));
    all.add(inGroup("POST /v1/volumes", 201, g -> post("/v1/volumes", volumeBody(g.id()))));
    all.add(inGroup("GET /v1/volumes/{id}", 200, g -> get("/v1/volumes/" + g.volume())));
    all.add(
        inGroup(
            "PATCH /v1/volumes/{id}",
            200,
            g -> patch("/v1/volumes/" + volume(g.id()).path("id").asText(), obj("name", name()))));
    all.add(
        inGroup(
            "DELETE /v1/volumes/{id}",
            204,
            g -> delete("/v1/volumes/" + volume(g.id()).path("id").asText())));

    // instances and their volume attachments
    all.add(
        anywhere("GET /v1/instances", 200, g -> get("/v1/instances?limit=100"))
            .listing("instances", Group::instance));
    // the boot volume is created in the same group with the same verb
    all.add(
        inGroup("POST /v1/instances", 201, g -> post("/v1/instances", instanceBody(g)))
            .alsoNeeding("is.volume.volume.create"));
    all.add(inGroup("GET /v1/instances/{id}", 200, g -> get("/v1/instances/" + g.instance())));
    all.add(
        inGroup(
            "PATCH /v1/instances/{id}",
            200,
            g -> patch("/v1/instances/" + instanceId(g), obj("name", name()))));
    all.add(
        inGroup("DELETE /v1/instances/{id}", 204, g -> delete("/v1/instances/" + instanceId(g))));
    all.add(
        inGroup(
            "POST /v1/instances/{id}/actions",
            201,
            g -> post("/v1/instances/" + instanceId(g) + "/actions", obj("type", "start"))));
    all.add(
        inGroup(
            "GET /v1/instances/{id}/volume_attachments",
            200,
            g -> get("/v1/instances/" + g.instance() + "/volume_attachments")));
    all.add(
        inGroup(
            "POST /v1/instances/{id}/volume_attachments",
            201,
            g ->
                post(
                    "/v1/instances/" + instanceId(g) + "/volume_attachments",
                    obj("volume", obj("id", volume(g.id()).path("id").asText())))));
    all.add(
        inGroup(
            "GET /v1/instances/{instance_id}/volume_attachments/{id}",
            200,
            g ->
                get(
                    "/v1/instances/"
                        + g.instance()
                        + "/volume_attachments/"
                        + g.bootAttachment())));
    all.add(
        inGroup(
            "PATCH /v1/instances/{instance_id}/volume_attachments/{id}",
            200,
            g -> {
              var instance = instance(g);
              return patch(
                  "/v1/instances/"
                      + instance.path("id").asText()
                      + "/volume_attachments/"
                      + instance.at("/boot_volume_attachment/id").asText(),
                  obj("name", name()));
            }));
    all.add(
        inGroup(
            "DELETE /v1/instances/{instance_id}/volume_attachments/{id}",
            202,
            g -> {
              var instance = instanceId(g);
              var attached =
                  admin.post(
                      "/v1/instances/" + instance + "/volume_attachments",
                      obj("volume", obj("id", volume(g.id()).path("id").asText())));
              expect(attached, 201);
              return delete(
                  "/v1/instances/"
                      + instance
                      + "/volume_attachments/"
                      + attached.body().path("id").asText());
            }));

    // user tags: the role on each tagged resource decides, as at IBM
    all.add(
        inGroup(
                "GET /v3/tags",
                200,
                g ->
                    get(
                        "/v3/tags?attached_to="
                            + URLEncoder.encode(g.volumeCrn(), StandardCharsets.UTF_8)))
            .variant("attached_to a volume")
            .alsoNeeding("is.volume.volume.read"));
    all.add(anywhere("GET /v3/tags", 200, g -> get("/v3/tags")).variant("the account's tags"));
    all.add(
        inGroup("POST /v3/tags/attach", 200, g -> post("/v3/tags/attach", tagBody(volume(g.id()))))
            .alsoNeeding("is.volume.volume.update"));
    all.add(
        inGroup(
                "POST /v3/tags/detach",
                200,
                g -> {
                  var volume = volume(g.id());
                  expect(
                      admin.raw(
                          "POST",
                          "/v3/tags/attach",
                          json(tagBody(volume)),
                          "application/json",
                          Map.of()),
                      200);
                  return post("/v3/tags/detach", tagBody(volume));
                })
            .alsoNeeding("is.volume.volume.update"));

    // Imprint's extensions
    all.add(
        inGroup(
            "PUT /imprint/v1/volumes/{id}/content",
            200,
            g ->
                new Call(
                    "PUT",
                    "/imprint/v1/volumes/" + volume(g.id()).path("id").asText() + "/content",
                    null,
                    new byte[4096],
                    Map.of(),
                    () -> {})));
    all.add(
        inGroup(
            "GET /imprint/v1/volumes/{id}/content",
            206,
            g ->
                get("/imprint/v1/volumes/" + g.volume() + "/content")
                    .with("Range", "bytes=0-511")));
    all.add(
        inGroup(
            "GET /imprint/v1/images/{id}/content",
            206,
            g -> get("/imprint/v1/images/" + g.image() + "/content").with("Range", "bytes=0-511")));
    all.add(
        anywhere(
                "GET /imprint/v1/images/{id}/content",
                206,
                g ->
                    get("/imprint/v1/images/" + stockImage + "/content")
                        .with("Range", "bytes=0-511"))
            .variant("a public stock image"));
    all.add(
        inGroup(
            "GET /imprint/v1/images/{id}/capture",
            200,
            g -> get("/imprint/v1/images/" + g.image() + "/capture")));
    // only a creation under way can be cancelled: the jobs wait while the case runs
    all.add(
        inGroup(
            "POST /imprint/v1/images/{id}/capture/cancel",
            202,
            g -> {
              server.server().jobs().pause();
              try {
                var importing = admin.post("/v1/images", imageBody(g.id()));
                expect(importing, 201);
                return post(
                        "/imprint/v1/images/"
                            + importing.body().path("id").asText()
                            + "/capture/cancel",
                        null)
                    .andThen(() -> server.server().jobs().resume());
              } catch (RuntimeException | AssertionError e) {
                server.server().jobs().resume();
                throw e;
              }
            }));
    all.add(
        inGroup(
            "GET /imprint/v1/images/{id}/consumers",
            200,
            g -> get("/imprint/v1/images/" + g.image() + "/consumers")));
    all.add(anywhere("GET /imprint/v1/clock", 200, g -> get("/imprint/v1/clock")));
    all.add(
        account(
            "POST /imprint/v1/clock", 200, g -> post("/imprint/v1/clock", obj("advance", "PT1S"))));
    all.add(account("GET /imprint/v1/events", 200, g -> get("/imprint/v1/events?limit=1")));

    var byRoute = new LinkedHashMap<String, List<Recipe>>();
    all.forEach(r -> byRoute.computeIfAbsent(r.route(), k -> new ArrayList<>()).add(r));
    return byRoute;
  }

  static Recipe inGroup(String route, int success, Function<Group, Call> call) {
    return recipe(route, Reach.GROUP, success, call);
  }

  static Recipe anywhere(String route, int success, Function<Group, Call> call) {
    return recipe(route, Reach.ANYWHERE, success, call);
  }

  static Recipe account(String route, int success, Function<Group, Call> call) {
    return recipe(route, Reach.ACCOUNT, success, call);
  }

  static Recipe recipe(String route, Reach reach, int success, Function<Group, Call> call) {
    return new Recipe(route, null, reach, success, List.of(), null, null, Set.of(), call);
  }

  // --- requests

  /** A call to Key Protect's paths, which name their instance in a header. */
  static Call kp(Call call) {
    return call.with("bluemix-instance", KeyProtect.INSTANCE);
  }

  /** A fresh root key, made by the administrator. */
  static String rootKey() {
    return KeyProtect.createKey(admin, "matrix-key-" + name());
  }

  static Call get(String path) {
    return new Call("GET", path, null, null, Map.of(), () -> {});
  }

  static Call delete(String path) {
    return new Call("DELETE", path, null, null, Map.of(), () -> {});
  }

  static Call post(String path, Object body) {
    return new Call("POST", path, body == null ? null : json(body), null, Map.of(), () -> {});
  }

  static Call put(String path, Object body) {
    return new Call("PUT", path, json(body), null, Map.of(), () -> {});
  }

  static Call patch(String path, Object body) {
    return new Call("PATCH", path, json(body), null, Map.of(), () -> {});
  }

  static Api.Response send(Api as, Call call) {
    if (call.bytes() != null) {
      return as.putBytes(call.path(), call.bytes(), call.headers());
    }
    String contentType = null;
    if (call.json() != null) {
      contentType =
          call.method().equals("PATCH") && call.path().startsWith("/v1/")
              ? "application/merge-patch+json"
              : "application/json";
    }
    return as.raw(call.method(), versioned(call.path()), call.json(), contentType, call.headers());
  }

  /** The VPC API's paths take {@code version} and {@code generation}, as the SDK sends them. */
  /** The path and query of an absolute href, as the server wrote them. */
  static String pathAndQuery(String href) {
    var uri = URI.create(href);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  static String versioned(String path) {
    boolean vpcApi =
        path.startsWith("/v1/")
            && !path.startsWith("/v1/policies")
            && !path.startsWith("/v1/serviceids")
            && !path.startsWith("/v1/apikeys");
    if (!vpcApi || path.contains("version=")) {
      return path;
    }
    return path + (path.contains("?") ? "&" : "?") + "version=" + Api.VERSION + "&generation=2";
  }

  static String json(Object body) {
    try {
      return Api.JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String body(Api.Response response) {
    var raw = response.raw() == null ? "" : response.raw();
    return response.body() == null ? "(" + raw.length() + " bytes)" : raw;
  }

  static List<Route> guardedRoutes() {
    return server.server().routes().stream().filter(r -> !r.isPublic()).toList();
  }

  static String key(Route route) {
    return route.method().name() + " " + route.path();
  }

  // --- fixtures, made as the administrator

  static String name() {
    return "matrix-" + NAMES.incrementAndGet();
  }

  static Api.Response expect(Api.Response response, int status) {
    assertThat(response.status()).as(response.raw()).isEqualTo(status);
    return response;
  }

  static Group group(String name) {
    var id =
        expect(admin.post("/v2/resource_groups", obj("name", name)), 201)
            .body()
            .path("id")
            .asText();
    var vpc = vpc(id);
    // room for every instance the cases make
    var half = new Group(id, vpc, subnet(id, vpc, 1024), null, null, null, null, null);
    var volume = volume(id);
    var instance = instance(half);
    return new Group(
        id,
        vpc,
        half.subnet(),
        volume.path("id").asText(),
        volume.path("crn").asText(),
        instance.path("id").asText(),
        instance.at("/boot_volume_attachment/id").asText(),
        image(half));
  }

  static String emptyGroup() {
    return expect(admin.post("/v2/resource_groups", obj("name", name())), 201)
        .body()
        .path("id")
        .asText();
  }

  static Map<String, Object> vpcBody(String group) {
    return obj("name", name(), "resource_group", obj("id", group));
  }

  static String vpc(String group) {
    return expect(admin.post("/v1/vpcs", vpcBody(group)), 201).body().path("id").asText();
  }

  static Map<String, Object> subnetBody(String group, String vpc, int addresses) {
    return obj(
        "name",
        name(),
        "vpc",
        obj("id", vpc),
        "zone",
        obj("name", ZONE),
        "total_ipv4_address_count",
        addresses,
        "resource_group",
        obj("id", group));
  }

  static String subnet(String group, String vpc, int addresses) {
    return expect(admin.post("/v1/subnets", subnetBody(group, vpc, addresses)), 201)
        .body()
        .path("id")
        .asText();
  }

  static Map<String, Object> volumeBody(String group) {
    return obj(
        "name",
        name(),
        "capacity",
        10,
        "profile",
        obj("name", "general-purpose"),
        "zone",
        obj("name", ZONE),
        "resource_group",
        obj("id", group));
  }

  static JsonNode volume(String group) {
    return expect(admin.post("/v1/volumes", volumeBody(group)), 201).body();
  }

  static Map<String, Object> instanceBody(Group g) {
    return obj(
        "name",
        name(),
        "zone",
        obj("name", ZONE),
        "profile",
        obj("name", "bx2-2x8"),
        "vpc",
        obj("id", g.vpc()),
        "image",
        obj("id", stockImage),
        "primary_network_interface",
        obj("subnet", obj("id", g.subnet())),
        "resource_group",
        obj("id", g.id()));
  }

  /** A new stopped instance of {@code g}, with its boot volume. */
  static JsonNode instance(Group g) {
    var id = expect(admin.post("/v1/instances", instanceBody(g)), 201).body().path("id").asText();
    expect(admin.post("/v1/instances/" + id + "/actions", obj("type", "stop", "force", true)), 201);
    return admin.awaitField("/v1/instances/" + id, "status", "stopped").body();
  }

  static String instanceId(Group g) {
    return instance(g).path("id").asText();
  }

  static Map<String, Object> imageBody(String group) {
    return obj(
        "name",
        name(),
        "file",
        obj("href", importFile),
        "operating_system",
        obj("name", "debian-12-amd64"),
        "resource_group",
        obj("id", group));
  }

  /** A new available image of {@code g}, imported from a file. */
  static String image(Group g) {
    var id = expect(admin.post("/v1/images", imageBody(g.id())), 201).body().path("id").asText();
    admin.awaitField("/v1/images/" + id, "status", "available");
    return id;
  }

  static Map<String, Object> tagBody(JsonNode volume) {
    return obj(
        "resources",
        List.of(obj("resource_id", volume.path("crn").asText())),
        "tag_names",
        List.of("matrix"));
  }

  record StoredPolicy(String id, String etag) {}

  /** A Viewer policy on OWN for the bystander: what it grants changes no caller of the matrix. */
  static Map<String, Object> policyBody() {
    return obj(
        "type",
        "access",
        "subjects",
        List.of(obj("attributes", List.of(obj("name", "iam_id", "value", bystander)))),
        "roles",
        List.of(obj("role_id", Role.VIEWER.crn())),
        "resources",
        List.of(
            obj(
                "attributes",
                List.of(
                    obj("name", "accountId", "value", accountId),
                    obj("name", "resourceGroupId", "value", own.id())))));
  }

  static StoredPolicy policy() {
    var created =
        expect(
            admin.raw("POST", "/v1/policies", json(policyBody()), "application/json", Map.of()),
            201);
    return new StoredPolicy(created.body().path("id").asText(), created.header("etag"));
  }

  static String serviceId() {
    return expect(
            admin.raw(
                "POST", "/v1/serviceids", json(obj("name", name())), "application/json", Map.of()),
            201)
        .body()
        .path("id")
        .asText();
  }

  /**
   * A new API key of the bystander, written straight to the store: the API would pay the key's slow
   * hash for every case, and no case signs in with it.
   */
  static String apiKey(boolean locked) {
    var id = "ApiKey-" + UUID.randomUUID();
    var now = Instant.now();
    var lookup = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server
        .server()
        .store()
        .write(
            tx -> {
              tx.iam()
                  .insertApiKeyDetails(
                      new ApiKeyDetails(
                          new ApiKey(id, bystander, name(), lookup, "none", now, locked, 0),
                          null,
                          "test",
                          now));
              return null;
            });
    return id;
  }

  /** A new access group, with the bystander as its member or empty. */
  static String accessGroup(boolean withMember) {
    var id =
        expect(
                admin.raw(
                    "POST", "/v2/groups", json(obj("name", name())), "application/json", Map.of()),
                201)
            .body()
            .path("id")
            .asText();
    if (withMember) {
      expect(
          admin.raw(
              "PUT",
              "/v2/groups/" + id + "/members",
              json(obj("members", List.of(obj("iam_id", bystander, "type", "user")))),
              "application/json",
              Map.of()),
          207);
    }
    return id;
  }
}
