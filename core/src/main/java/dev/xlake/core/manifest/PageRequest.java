package dev.xlake.core.manifest;

/** The request parameters of a stored page, as recorded in the manifest (never a credential). */
public record PageRequest(int maxResults, String sinceId, String startTime, String untilId, String paginationToken) {}
