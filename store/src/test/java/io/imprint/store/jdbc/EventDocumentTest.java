package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.common.Crns;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.EventMessage;
import io.imprint.core.domain.event.EventTarget;
import io.imprint.core.domain.event.Exchange;
import io.imprint.core.domain.event.Initiator;
import io.imprint.core.domain.event.Outcome;
import io.imprint.core.domain.event.Reason;
import io.imprint.core.domain.event.ResourceKind;
import io.imprint.core.domain.event.Result;
import io.imprint.core.domain.event.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How an event is kept in its row's document: small when the event rules made it, whole when they
 * did not, and equal to what was written either way.
 */
class EventDocumentTest {
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static final String GROUP = "414f859a2b18be715f3e4768f8a409f2";
  static final String IMAGE_ID = "r006-2da75fe3-cca6-4632-9929-5552105c1fdb";
  static final String IMAGE_CRN = Crns.of("us-south", ACCOUNT, "image", IMAGE_ID);
  static final Instant AT = Instant.parse("2026-12-06T10:00:00.123Z");

  @Test
  void a_scheduled_deprecation_keeps_only_its_name_group_code_and_part_beside_its_columns() {
    var event =
        ruled(
            "is.image.image.deprecate",
            Initiator.system("schedule"),
            Outcome.SUCCESS,
            200,
            null,
            new Exchange(null, Map.of("cause", "schedule"), Map.of("responseURI", uri())));

    var doc = Json.write(EventDocument.storable(event));

    assertThat(doc)
        .isEqualTo(
            "{\"v\":2,\"name\":\"my-image\",\"group\":\""
                + GROUP
                + "\",\"code\":200,\"system\":\"schedule\"}");
    assertThat(readBack(doc, event)).isEqualTo(event);
  }

  @Test
  void an_api_call_keeps_its_caller_correlation_id_request_and_extra_response_data() {
    var event =
        ruled(
            "is.image.image.update",
            Initiator.caller("127.0.0.1", "curl/8"),
            Outcome.SUCCESS,
            200,
            null,
            new Exchange(
                "req-1",
                Map.of("generation", "2", "requestId", "req-1"),
                Map.of("responseURI", uri(), "status", "deprecated")));

    var doc = Json.write(EventDocument.storable(event));

    assertThat(doc).contains("\"v\":2", "curl/8", "req-1", "\"status\":\"deprecated\"");
    assertThat(doc).doesNotContain("responseURI", "Virtual Private Cloud", "crn:");
    assertThat(readBack(doc, event)).isEqualTo(event);
  }

  @Test
  void a_refused_create_without_a_name_or_id_reads_back_equal() {
    var crn = Crns.of("us-south", ACCOUNT, "image", "");
    var event =
        new ActivityEvent(
            "01a24c73-89da-7b82-9fff-1117baad9fcf",
            "is.image.image.create",
            AT,
            Initiator.caller("::1", null),
            new EventTarget(crn, null, "is.image/image", null),
            new Result(Outcome.FAILURE, Reason.of(400, "the name is taken"), Severity.WARNING),
            "Virtual Private Cloud: create image -failure",
            new Exchange("r", Map.of("requestId", "r"), Map.of("responseURI", "")));

    var doc = Json.write(EventDocument.storable(event));

    assertThat(doc).contains("\"v\":2", "\"responseURI\":\"\"");
    assertThat(readBack(doc, event)).isEqualTo(event);
  }

  @Test
  void a_sub_resource_action_takes_its_type_from_the_service_it_names() {
    var event =
        new ActivityEvent(
            "id-1",
            "is.instance.volume-attachment.create",
            AT,
            Initiator.system("job"),
            new EventTarget(
                Crns.of("us-south-1", ACCOUNT, "instance", "0717-x"),
                "vm",
                "is.instance/instance",
                Crns.resourceGroup(ACCOUNT, GROUP)),
            new Result(Outcome.SUCCESS, Reason.of(201, null), Severity.NORMAL),
            "Virtual Private Cloud: create volume-attachment vm",
            new Exchange(
                null,
                Map.of("cause", "job"),
                Map.of("responseURI", "/v1/instances/0717-x/volume_attachments/a")));

    var doc = Json.write(EventDocument.storable(event));

    assertThat(doc).contains("\"v\":2").doesNotContain("\"type\"", "\"message\"");
    assertThat(readBack(doc, event)).isEqualTo(event);
  }

  @Test
  void an_event_the_rules_did_not_make_is_kept_whole() {
    var event =
        new ActivityEvent(
            "id-2",
            "is.image.image.deprecate",
            AT,
            new Initiator("system", "schedule", "service/other", null, null, null, null),
            new EventTarget("crn:image:a", "my-image", "is.image/image", "crn:resource-group:g"),
            new Result(Outcome.SUCCESS, new Reason(204, "Fine", null), Severity.CRITICAL),
            "a message of its own",
            new Exchange(null, Map.of(), Map.of()));

    var doc = Json.write(EventDocument.storable(event));

    assertThat(doc).doesNotContain("\"v\"").contains("a message of its own", "service/other");
    assertThat(readBack(doc, event)).isEqualTo(event);
  }

  @Test
  void a_document_of_the_first_layout_still_reads() {
    var doc =
        "{\"initiator\":{\"id\":\"system\",\"name\":\"startup\",\"typeUri\":\"service/imprint\"},"
            + "\"target\":{\"name\":\"v\",\"typeUri\":\"is.vpc/vpc\"},\"result\":{\"reason\":"
            + "{\"reasonCode\":200,\"reasonType\":\"OK\"},\"severity\":\"NORMAL\"},\"message\":"
            + "\"Virtual Private Cloud: create vpc v\",\"exchange\":{\"requestData\":{\"cause\":"
            + "\"startup\"},\"responseData\":{\"responseURI\":\"/v1/vpcs/r006-1\"}}}";

    var event =
        EventDocument.read(
            doc.getBytes(StandardCharsets.UTF_8),
            "id-3",
            "is.vpc.vpc.create",
            AT,
            Outcome.SUCCESS,
            "crn:v1:bluemix:public:is:us-south:a/x::vpc:r006-1");

    assertThat(event.initiator()).isEqualTo(Initiator.system("startup"));
    assertThat(event.target().name()).isEqualTo("v");
    assertThat(event.result().severity()).isEqualTo(Severity.NORMAL);
    assertThat(event.message()).isEqualTo("Virtual Private Cloud: create vpc v");
    assertThat(event.exchange().responseData()).containsEntry("responseURI", "/v1/vpcs/r006-1");
  }

  /** An image event as the event rules make it. */
  private static ActivityEvent ruled(
      String action,
      Initiator initiator,
      Outcome outcome,
      int status,
      String failure,
      Exchange exchange) {
    return new ActivityEvent(
        "01a24c73-8a1d-793d-907a-e593d887f344",
        action,
        AT,
        initiator,
        new EventTarget(
            IMAGE_CRN, "my-image", "is.image/image", Crns.resourceGroup(ACCOUNT, GROUP)),
        new Result(outcome, Reason.of(status, failure), Severity.of(action, status)),
        EventMessage.of(ResourceKind.IMAGE, action, "my-image", outcome),
        exchange);
  }

  private static String uri() {
    return ResourceKind.IMAGE.uri(IMAGE_ID);
  }

  private static ActivityEvent readBack(String doc, ActivityEvent e) {
    return EventDocument.read(
        doc.getBytes(StandardCharsets.UTF_8),
        e.id(),
        e.action(),
        e.eventTime(),
        e.outcome(),
        e.target().crn());
  }
}
