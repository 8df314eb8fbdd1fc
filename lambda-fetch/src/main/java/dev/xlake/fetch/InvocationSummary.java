package dev.xlake.fetch;

import java.util.List;

/** All queries of one invocation. */
public record InvocationSummary(String startedAt, String finishedAt, List<QuerySummary> queries) {

    public InvocationSummary {
        queries = List.copyOf(queries);
    }

    public List<String> failedQueryNames() {
        return queries.stream()
                .filter(q -> !q.ok())
                .map(QuerySummary::queryName)
                .toList();
    }

    public boolean anyFailed() {
        return queries.stream().anyMatch(q -> !q.ok());
    }
}
