package dev.xlake.xapi;

/** A complete HTTP answer from the X API: status, the body bytes exactly as received, rate limit. */
public record XResponse(int status, byte[] body, RateLimit rateLimit) {}
