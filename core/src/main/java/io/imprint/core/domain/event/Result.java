package io.imprint.core.domain.event;

/** How an event's change turned out: the outcome, the reason and the severity they give. */
public record Result(Outcome outcome, Reason reason, Severity severity) {}
