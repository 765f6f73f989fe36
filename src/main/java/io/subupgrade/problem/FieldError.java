package io.subupgrade.problem;

/** What is wrong with one field of a request: its path ({@code items[3].quantity}) and the message. */
public record FieldError(String field, String message) {}
