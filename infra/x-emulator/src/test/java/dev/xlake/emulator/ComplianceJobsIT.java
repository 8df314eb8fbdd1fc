package dev.xlake.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

class ComplianceJobsIT extends EmulatorFixture {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldRunATweetsJobFromCreationToResultLines() throws Exception {
        // Given two stored posts, one deleted on X, one with its geo scrubbed, and one untouched
        SortedSet<String> ids = emulator.groundTruthIds("the", NOW.minus(Duration.ofHours(3)), NOW);
        List<String> three = new ArrayList<>(ids).subList(0, 3);
        emulator.compliance().markPost(three.get(0), "delete", "deleted", NOW.minusSeconds(60));
        emulator.compliance().markPost(three.get(1), "scrub_geo", "geo_scrubbed", NOW.minusSeconds(60));

        // When a job is created, the ids uploaded, and the job polled past its processing time
        JsonNode job = send(
                        "POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"tweets\",\"name\":\"n\"}", 200)
                .path("data");
        assertThat(job.path("status").asText()).isEqualTo("created");
        assertThat(job.path("upload_expires_at").asText()).isEqualTo("2026-01-10T12:15:00.000Z");
        assertThat(job.path("download_expires_at").asText()).isEqualTo("2026-01-17T12:00:00.000Z");
        send("PUT", job.path("upload_url").asText(), String.join("\n", three) + "\nnot-an-id\n", 200);
        assertThat(status(job)).isEqualTo("in_progress");
        clock.advance(Duration.ofSeconds(2));

        // Then it is complete and the result has one line per id with an event
        assertThat(status(job)).isEqualTo("complete");
        String result = text(job.path("download_url").asText(), 200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.split("\n")) {
            lines.add(ApiException.JSON.readTree(line));
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).path("id").asText()).isEqualTo(three.get(0));
        assertThat(lines.get(0).path("action").asText()).isEqualTo("delete");
        assertThat(lines.get(0).path("reason").asText()).isEqualTo("deleted");
        assertThat(lines.get(0).path("deleted_at").asText()).isEqualTo("2026-01-10T11:59:00.000Z");
        assertThat(lines.get(1).path("action").asText()).isEqualTo("scrub_geo");
        assertThat(lines.get(2).path("error").asText()).isEqualTo("invalid_id");
        assertThat(emulator.complianceJobs().uploads())
                .containsExactly(List.of(three.get(0), three.get(1), three.get(2), "not-an-id"));
    }

    @Test
    void shouldRefuseASecondActiveJobOfTheSameTypeButNotOfTheOther() throws Exception {
        send("POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"tweets\"}", 200);
        send("POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"tweets\"}", 409);
        send("POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"users\"}", 200);
        send("POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"likes\"}", 400);
    }

    @Test
    void shouldExpireAJobNeverUploadedToAndRefuseALateUpload() throws Exception {
        JsonNode job = send("POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"users\"}", 200)
                .path("data");
        clock.advance(Duration.ofMinutes(16));
        assertThat(status(job)).isEqualTo("expired");
        send("PUT", job.path("upload_url").asText(), "1\n", 403);
    }

    @Test
    void shouldEndFailedOrExpiredJobsAndRejectUploadsWhenTold() throws Exception {
        emulator.complianceJobs().failNext(1);
        emulator.complianceJobs().expireNext(1);
        emulator.complianceJobs().rejectNextUploads(1);
        JsonNode failed = send("POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"tweets\"}", 200)
                .path("data");
        send("PUT", failed.path("upload_url").asText(), "1\n", 403);
        send("PUT", failed.path("upload_url").asText(), "1\n", 200);
        clock.advance(Duration.ofSeconds(2));
        assertThat(status(failed)).isEqualTo("failed");
        text(failed.path("download_url").asText(), 404);
        JsonNode expired = send("POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"tweets\"}", 200)
                .path("data");
        send("PUT", expired.path("upload_url").asText(), "1\n", 200);
        clock.advance(Duration.ofSeconds(2));
        assertThat(status(expired)).isEqualTo("expired");
    }

    @Test
    void shouldReportSuspendedAccountsAndTheirPostsFromTheSchedule() throws Exception {
        // Given an emulator whose schedule takes away every account
        emulator.close();
        emulator = XApiEmulator.builder()
                .seed(7)
                .bearerToken(TOKEN)
                .clock(clock)
                .complianceRates(new ComplianceSchedule.Rates(0, 0, 1))
                .start();
        String post = emulator.groundTruthIds("the", NOW.minus(Duration.ofHours(3)), NOW)
                .first();
        clock.advance(Duration.ofDays(30));

        JsonNode job = send("POST", emulator.baseUrl() + "/2/compliance/jobs", "{\"type\":\"tweets\"}", 200)
                .path("data");
        send("PUT", job.path("upload_url").asText(), post + "\n", 200);
        clock.advance(Duration.ofSeconds(2));

        JsonNode line = ApiException.JSON.readTree(text(job.path("download_url").asText(), 200));
        assertThat(line.path("action").asText()).isEqualTo("delete");
        assertThat(line.path("reason").asText()).isIn("suspended", "deactivated", "protected", "deleted");
    }

    @Test
    void shouldAskForTheBearerTokenOnEveryCompliancePath() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/2/compliance/jobs?type=tweets"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private String status(JsonNode job) throws IOException, InterruptedException {
        return send(
                        "GET",
                        emulator.baseUrl() + "/2/compliance/jobs/"
                                + job.path("id").asText(),
                        null,
                        200)
                .path("data")
                .path("status")
                .asText();
    }

    private JsonNode send(String method, String url, String body, int expected)
            throws IOException, InterruptedException {
        String text = exchange(method, url, body, expected);
        return text.isEmpty() ? ApiException.JSON.createObjectNode() : ApiException.JSON.readTree(text);
    }

    private String text(String url, int expected) throws IOException, InterruptedException {
        return exchange("GET", url, null, expected);
    }

    private String exchange(String method, String url, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + url + ": " + response.body())
                .isEqualTo(expected);
        return response.body();
    }
}
