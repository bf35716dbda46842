package io.imprint.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.0 document of the routes served, made from the one routes list so that it cannot
 * drift from what is served: each route's path (with its parameters), method, operationId (the
 * handler's name), IAM action ({@code x-iam-action}) and whether it needs a bearer token. Request
 * and response bodies are not described, beyond IBM's error body that every route answers with when
 * it refuses.
 */
public final class OpenApiDocument {
  /** The version the document's examples use: the newest VPC API version Imprint follows. */
  static final String EXAMPLE_VERSION = "2026-03-24";

  private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");
  private static final String BEARER = "bearer";
  private static final String ERROR = "Error";

  private OpenApiDocument() {}

  /** The document as JSON. */
  public static String json(List<Route> routes) {
    try {
      return Json.pretty().writeValueAsString(of(routes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the OpenAPI model cannot fail to serialise", e);
    }
  }

  static OpenAPI of(List<Route> routes) {
    var paths = new Paths();
    for (var route : routes) {
      var item = paths.computeIfAbsent(route.path(), p -> new PathItem());
      item.operation(PathItem.HttpMethod.valueOf(route.method().name()), operation(route));
    }
    return new OpenAPI()
        .info(
            new Info()
                .title("Imprint")
                .version(EXAMPLE_VERSION)
                .description(
                    "The IBM Cloud VPC image API as Imprint serves it, with IAM's token and"
                        + " management endpoints and Imprint's extensions under /imprint/v1. Get"
                        + " a token from POST /identity/token with an API key, then authorize"
                        + " with it."))
        .paths(paths)
        .components(components());
  }

  private static Operation operation(Route route) {
    var operation =
        new Operation()
            .operationId(route.operationId())
            .addTagsItem(route.group())
            .responses(
                new ApiResponses()
                    .addApiResponse(
                        "default", new ApiResponse().$ref("#/components/responses/" + ERROR)));
    operation.addExtension("x-iam-action", route.iamAction());
    if (!route.isPublic()) {
      operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
    var matcher = PARAMETER.matcher(route.path());
    while (matcher.find()) {
      operation.addParametersItem(
          new PathParameter().name(matcher.group(1)).schema(new StringSchema()));
    }
    if (Http.takesVersion(route.path())) {
      operation.addParametersItem(new Parameter().$ref("#/components/parameters/version"));
      operation.addParametersItem(new Parameter().$ref("#/components/parameters/generation"));
    }
    var body = requestBody(route);
    if (body != null) {
      operation.requestBody(body);
    }
    return operation;
  }

  /**
   * IAM's token endpoint takes a form, as IBM's does; content is raw bytes; every other call with a
   * body takes a JSON object.
   */
  private static RequestBody requestBody(Route route) {
    return switch (route.method()) {
      case POST, PUT, PATCH -> {
        if (route.path().equals("/identity/token")) {
          yield new RequestBody()
              .required(true)
              .content(
                  new Content()
                      .addMediaType(
                          "application/x-www-form-urlencoded",
                          new MediaType()
                              .schema(
                                  new ObjectSchema()
                                      .addProperty(
                                          "grant_type",
                                          new StringSchema()
                                              .addEnumItem("urn:ibm:params:oauth:grant-type:apikey")
                                              .addEnumItem("refresh_token"))
                                      .addProperty("apikey", new StringSchema())
                                      .addProperty("refresh_token", new StringSchema())
                                      .addRequiredItem("grant_type"))));
        }
        if (route.path().endsWith("/content")) {
          yield new RequestBody()
              .required(true)
              .content(
                  new Content()
                      .addMediaType(
                          "application/octet-stream",
                          new MediaType().schema(new StringSchema().format("binary"))));
        }
        yield new RequestBody()
            .content(
                new Content()
                    .addMediaType("application/json", new MediaType().schema(new ObjectSchema())));
      }
      default -> null;
    };
  }

  private static Components components() {
    var target =
        new ObjectSchema()
            .addProperty("name", new StringSchema())
            .addProperty("type", new StringSchema()._enum(List.of("field", "parameter", "header")))
            .addProperty("value", new StringSchema());
    var error =
        new ObjectSchema()
            .addProperty("code", new StringSchema())
            .addProperty("message", new StringSchema())
            .addProperty("more_info", new StringSchema().format("uri"))
            .addProperty("target", target)
            .required(List.of("code", "message"));
    Schema<?> body =
        new ObjectSchema()
            .description(
                "IBM's error body. The trace is the request's X-Request-Id, to quote when asking"
                    + " for help.")
            .addProperty("errors", new ArraySchema().items(error).minItems(1))
            .addProperty("trace", new StringSchema())
            .addProperty("status_code", new IntegerSchema())
            .required(List.of("errors", "trace", "status_code"));
    return new Components()
        .addSecuritySchemes(
            BEARER,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("An access token from POST /identity/token."))
        .addSchemas(ERROR, body)
        .addResponses(
            ERROR,
            new ApiResponse()
                .description("The call was refused or failed: IBM's error body.")
                .content(
                    new Content()
                        .addMediaType(
                            "application/json",
                            new MediaType().schema(new Schema<>().$ref(ERROR)))))
        .addParameters(
            "version",
            new QueryParameter()
                .name("version")
                .required(true)
                .description("The API version, a date (YYYY-MM-DD).")
                .schema(new StringSchema().pattern("^\\d{4}-\\d{2}-\\d{2}$"))
                .example(EXAMPLE_VERSION))
        .addParameters(
            "generation",
            new QueryParameter()
                .name("generation")
                .description("The infrastructure generation: 2, the only one served.")
                .schema(new IntegerSchema()._default(2).addEnumItem(2)));
  }
}
