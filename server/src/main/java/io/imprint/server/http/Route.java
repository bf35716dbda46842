package io.imprint.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;

/**
 * One endpoint: method, path, the IAM action a caller needs, and the handler, with the handler's
 * method name as its {@code operationId} and its class as its group (both for the OpenAPI
 * document).
 */
public record Route(
    HandlerType method,
    String path,
    String iamAction,
    Handler handler,
    String operationId,
    String group) {
  /** The action of an endpoint anyone may call: IAM's own token and key endpoints. */
  public static final String PUBLIC = "public";

  /**
   * A handler given as a method reference ({@code api.images()::listImages}). It is serializable
   * only so that the method's name can be read back ({@link SerializedLambda}): the routes list
   * then names each operation once, and the OpenAPI document cannot drift from it. Nothing is ever
   * serialized.
   */
  @FunctionalInterface
  public interface Operation extends Handler, Serializable {}

  /** The route that {@code operation}, a method reference, serves. */
  public static Route of(HandlerType method, String path, String iamAction, Operation operation) {
    SerializedLambda lambda;
    try {
      var writeReplace = operation.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      lambda = (SerializedLambda) writeReplace.invoke(operation);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(method + " " + path + ": no method reference", e);
    }
    var name = lambda.getImplMethodName();
    if (name.startsWith("lambda$")) {
      throw new IllegalArgumentException(
          method + " " + path + ": the handler must be a method reference, its name the operation");
    }
    var implClass = lambda.getImplClass();
    var simpleName = implClass.substring(implClass.lastIndexOf('/') + 1);
    var group = simpleName.endsWith("Api") ? simpleName.replaceFirst("Api$", "") : simpleName;
    return new Route(method, path, iamAction, operation, name, group);
  }

  public boolean isPublic() {
    return PUBLIC.equals(iamAction);
  }
}
