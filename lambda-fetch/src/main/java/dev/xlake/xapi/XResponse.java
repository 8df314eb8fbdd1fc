package dev.xlake.xapi;

import dev.xlake.core.manifest.RateLimit;

/** A complete HTTP answer from the X API: status, the body bytes exactly as received, rate limit. */
public record XResponse(int status, byte[] body, RateLimit rateLimit) {}
