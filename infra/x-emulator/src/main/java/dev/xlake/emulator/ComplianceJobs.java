package dev.xlake.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X's batch compliance jobs: {@code POST /2/compliance/jobs} creates a job with a signed upload
 * URL and a signed download URL (served by the emulator itself, under the job's path, and like
 * X's own asking for the bearer token too); the ids are {@code PUT} to the upload URL, one per
 * line; the job is {@code in_progress} for the processing time, then {@code complete}, and the
 * download URL answers JSON lines, one per id with an event in the {@link ComplianceSchedule}.
 *
 * <p>As on X (docs/compliance.md): one active ({@code created} or {@code in_progress}) job per
 * type, else 409; a job not uploaded to within 15 minutes expires; the download URL works for 7
 * days; a line that is not a numeric id comes back as {@code {"id":…,"error":"invalid_id"}}.
 * Faults for tests: {@link #failNext}, {@link #expireNext}, {@link #rejectNextUploads}.
 */
public final class ComplianceJobs {

    public static final String PATH = "/2/compliance/jobs";
    static final Duration UPLOAD_WINDOW = Duration.ofMinutes(15);
    static final Duration DOWNLOAD_WINDOW = Duration.ofDays(7);
    private static final Pattern JOB_PATH = Pattern.compile("/2/compliance/jobs/(\\d+)(/upload|/download)?");
    private static final DateTimeFormatter TIME = ResponseRenderer.X_TIME;

    /** An answer: status, content type and body. */
    record Reply(int status, String contentType, byte[] body) {
        static Reply json(int status, ObjectNode body) {
            return new Reply(
                    status,
                    status < 400 ? "application/json; charset=utf-8" : "application/problem+json",
                    XApiEmulator.bytes(body));
        }

        static Reply problem(int status, String title) {
            return json(status, ApiException.problem(status, title));
        }
    }

    private enum Fault {
        FAIL,
        EXPIRE
    }

    /** A job as created; what was uploaded to it is kept in {@link #uploaded}. */
    private record Job(
            String id,
            String type,
            String name,
            Instant createdAt,
            Fault fault,
            String uploadToken,
            String downloadToken) {}

    /** The ids a client uploaded to a job, and when. */
    private record Upload(Instant at, List<String> ids) {}

    private final ComplianceSchedule schedule;
    private final Supplier<String> baseUrl;
    private final Duration processing;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** By job id. */
    private final Map<String, Upload> uploaded = new HashMap<>();

    private final Deque<Fault> faults = new ArrayDeque<>();
    private int uploadsToReject;
    private long nextId = 1_460_000_000_000_000_000L;

    ComplianceJobs(ComplianceSchedule schedule, Supplier<String> baseUrl, Duration processing) {
        this.schedule = schedule;
        this.baseUrl = baseUrl;
        this.processing = processing;
    }

    /** The next {@code count} jobs created end {@code failed} instead of {@code complete}. */
    public synchronized void failNext(int count) {
        for (int i = 0; i < count; i++) {
            faults.add(Fault.FAIL);
        }
    }

    /** The next {@code count} jobs created end {@code expired} instead of {@code complete}. */
    public synchronized void expireNext(int count) {
        for (int i = 0; i < count; i++) {
            faults.add(Fault.EXPIRE);
        }
    }

    /** The next {@code count} uploads are refused with 403, as X does for a lapsed upload URL. */
    public synchronized void rejectNextUploads(int count) {
        uploadsToReject += count;
    }

    /** How many jobs were created so far, of either type. */
    public synchronized int jobCount() {
        return jobs.size();
    }

    /** The ids uploaded to each job, in creation order: what a client sent X. */
    public synchronized List<List<String>> uploads() {
        List<List<String>> uploads = new ArrayList<>();
        jobs.keySet()
                .forEach(id ->
                        uploads.add(uploaded.containsKey(id) ? uploaded.get(id).ids() : List.of()));
        return uploads;
    }

    synchronized Reply handle(String method, String path, Map<String, String> params, byte[] body, Instant now) {
        if (path.equals(PATH)) {
            return switch (method) {
                case "POST" -> create(body, now);
                case "GET" -> list(params, now);
                default -> Reply.problem(405, "Method Not Allowed");
            };
        }
        Matcher matcher = JOB_PATH.matcher(path);
        if (!matcher.matches()) {
            return Reply.problem(404, "Not Found");
        }
        Job job = jobs.get(matcher.group(1));
        String part = matcher.group(2);
        if (job == null) {
            return part == null
                    ? Reply.json(
                            400,
                            ApiException.invalid(
                                            "Could not find job with id: [" + matcher.group(1) + "].",
                                            "id",
                                            matcher.group(1))
                                    .body())
                    : Reply.problem(404, "Not Found");
        }
        if (part == null) {
            return method.equals("GET")
                    ? Reply.json(200, wrap(render(job, now)))
                    : Reply.problem(405, "Method Not Allowed");
        }
        if (part.equals("/upload")) {
            return method.equals("PUT")
                    ? upload(job, params.get("token"), body, now)
                    : Reply.problem(405, "Method Not Allowed");
        }
        return method.equals("GET")
                ? download(job, params.get("token"), now)
                : Reply.problem(405, "Method Not Allowed");
    }

    private Reply create(byte[] body, Instant now) {
        JsonNode request;
        try {
            request = ApiException.JSON.readTree(body);
        } catch (java.io.IOException e) {
            request = null;
        }
        String type = request == null ? null : request.path("type").asText(null);
        if (!"tweets".equals(type) && !"users".equals(type)) {
            return badType("body", type);
        }
        String name = request.path("name").asText(null);
        if (name != null && name.length() > 64) {
            return Reply.json(
                    400,
                    ApiException.invalid("The `name` must be at most 64 characters", "name", name)
                            .body());
        }
        for (Job other : jobs.values()) {
            String status = status(other, now);
            if (other.type().equals(type) && (status.equals("created") || status.equals("in_progress"))) {
                return Reply.problem(409, "Conflict");
            }
        }
        Job job = new Job(
                Long.toString(nextId++),
                type,
                name,
                now.truncatedTo(ChronoUnit.MILLIS),
                faults.poll(),
                UUID.randomUUID().toString().replace("-", ""),
                UUID.randomUUID().toString().replace("-", ""));
        jobs.put(job.id(), job);
        return Reply.json(200, wrap(render(job, now)));
    }

    private Reply list(Map<String, String> params, Instant now) {
        String type = params.get("type");
        if (!"tweets".equals(type) && !"users".equals(type)) {
            return badType("query", type);
        }
        ObjectNode answer = ApiException.JSON.createObjectNode();
        ArrayNode data = ApiException.JSON.createArrayNode();
        jobs.values().stream()
                .filter(job -> job.type().equals(type))
                .filter(job ->
                        params.get("status") == null || params.get("status").equals(status(job, now)))
                .forEach(job -> data.add(render(job, now)));
        if (!data.isEmpty()) {
            answer.set("data", data);
        }
        answer.putObject("meta").put("result_count", data.size());
        return Reply.json(200, answer);
    }

    private Reply upload(Job job, String token, byte[] body, Instant now) {
        if (!job.uploadToken().equals(token)) {
            return Reply.problem(401, "Unauthorized");
        }
        if (uploadsToReject > 0) {
            uploadsToReject--;
            return Reply.problem(403, "Forbidden");
        }
        if (uploaded.containsKey(job.id()) || now.isAfter(job.createdAt().plus(UPLOAD_WINDOW))) {
            return Reply.problem(403, "Forbidden");
        }
        if (body.length > 128L * 1024 * 1024) {
            return Reply.problem(413, "Payload Too Large");
        }
        List<String> ids = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
            if (!line.isBlank()) {
                ids.add(line.strip());
            }
        }
        uploaded.put(job.id(), new Upload(now, List.copyOf(ids)));
        return new Reply(200, "text/plain; charset=utf-8", new byte[0]);
    }

    private Reply download(Job job, String token, Instant now) {
        if (!job.downloadToken().equals(token)) {
            return Reply.problem(401, "Unauthorized");
        }
        if (now.isAfter(job.createdAt().plus(DOWNLOAD_WINDOW))) {
            return Reply.problem(403, "Forbidden");
        }
        if (!status(job, now).equals("complete")) {
            return Reply.problem(404, "Not Found");
        }
        Upload upload = uploaded.get(job.id());
        Instant asOf = upload.at().plus(processing);
        StringBuilder lines = new StringBuilder();
        for (String id : upload.ids()) {
            ObjectNode line = ApiException.JSON.createObjectNode();
            long numeric;
            try {
                numeric = Long.parseLong(id);
            } catch (NumberFormatException e) {
                line.put("id", id);
                line.put("error", "invalid_id");
                lines.append(line).append('\n');
                continue;
            }
            Optional<ComplianceSchedule.Event> event =
                    job.type().equals("tweets") ? schedule.post(numeric, asOf) : schedule.user(numeric, asOf);
            if (event.isEmpty()) {
                continue;
            }
            line.put("id", id);
            line.put("action", event.get().action());
            line.put("created_at", TIME.format(job.createdAt()));
            String redacted = event.get().redactedAt() == null
                    ? null
                    : TIME.format(event.get().redactedAt().truncatedTo(ChronoUnit.MILLIS));
            line.put("redacted_at", redacted);
            if (event.get().action().equals(ComplianceSchedule.DELETE)) {
                line.put("deleted_at", redacted);
            }
            line.put("reason", event.get().reason());
            lines.append(line).append('\n');
        }
        return new Reply(
                200, "application/json; charset=utf-8", lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Reply badType(String where, String type) {
        String message = "The `type` " + where + " parameter value [" + type + "] is not one of [tweets,users]";
        return Reply.json(400, ApiException.invalid(message, "type", type).body());
    }

    private String status(Job job, Instant now) {
        Upload upload = uploaded.get(job.id());
        if (upload == null) {
            return now.isAfter(job.createdAt().plus(UPLOAD_WINDOW)) ? "expired" : "created";
        }
        if (now.isBefore(upload.at().plus(processing))) {
            return "in_progress";
        }
        if (job.fault() == Fault.FAIL) {
            return "failed";
        }
        return job.fault() == Fault.EXPIRE ? "expired" : "complete";
    }

    private ObjectNode render(Job job, Instant now) {
        ObjectNode node = ApiException.JSON.createObjectNode();
        String jobUrl = baseUrl.get() + PATH + "/" + job.id();
        node.put("id", job.id());
        node.put("type", job.type());
        if (job.name() != null) {
            node.put("name", job.name());
        }
        node.put("created_at", TIME.format(job.createdAt()));
        node.put("upload_url", jobUrl + "/upload?token=" + job.uploadToken());
        node.put("upload_expires_at", TIME.format(job.createdAt().plus(UPLOAD_WINDOW)));
        node.put("download_url", jobUrl + "/download?token=" + job.downloadToken());
        node.put("download_expires_at", TIME.format(job.createdAt().plus(DOWNLOAD_WINDOW)));
        node.put("status", status(job, now));
        return node;
    }

    private static ObjectNode wrap(ObjectNode job) {
        ObjectNode answer = ApiException.JSON.createObjectNode();
        answer.set("data", job);
        return answer;
    }
}
