package dev.xlake.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.config.BearerToken;
import dev.xlake.core.json.Json;
import dev.xlake.xapi.XApiOrigin;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@link ComplianceJobClient} on the JDK {@link HttpClient}, like the search client.
 *
 * <p>The bearer token goes with every request to the API's own origin, the signed upload and
 * download URLs included (X's current flow asks for it there too); a signed URL on another host
 * (X's former Cloud Storage URLs) gets no token. Failures name the operation, the job and X's
 * status and problem title; never the token, never a signed URL's query.
 */
public final class HttpComplianceJobClient implements ComplianceJobClient {

    static final String PATH = "/2/compliance/jobs";

    private final XApiOrigin x;

    public HttpComplianceJobClient(URI baseUrl, BearerToken token, Duration requestTimeout) {
        this.x = new XApiOrigin(baseUrl, token, requestTimeout);
    }

    @Override
    public ComplianceJob create(String type, String name) throws IOException, InterruptedException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", type).put("name", name);
        HttpRequest request = request(URI.create(x.baseUrl() + PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return job(send(request, "create a " + type + " compliance job"));
    }

    @Override
    public void upload(ComplianceJob job, List<String> ids) throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder(ids.size() * 20);
        ids.forEach(id -> lines.append(id).append('\n'));
        HttpRequest request = request(job.uploadUrl())
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(lines.toString()))
                .build();
        send(request, "upload " + ids.size() + " ids to compliance job " + job.id());
    }

    @Override
    public ComplianceJob status(String jobId) throws IOException, InterruptedException {
        HttpRequest request =
                request(URI.create(x.baseUrl() + PATH + "/" + jobId)).GET().build();
        return job(send(request, "read compliance job " + jobId));
    }

    @Override
    public byte[] download(ComplianceJob job) throws IOException, InterruptedException {
        return send(request(job.downloadUrl()).GET().build(), "download the result of compliance job " + job.id());
    }

    private HttpRequest.Builder request(URI uri) {
        return x.request(uri, "xlake-compliance/0.1");
    }

    private byte[] send(HttpRequest request, String action) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = x.send(request);
        } catch (ConnectException e) {
            URI uri = request.uri();
            throw new ComplianceException(
                    "Cannot " + action + ": cannot connect to " + XApiOrigin.address(uri) + " (connection refused)", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new ComplianceException("Cannot " + action + ": no answer within " + x.requestTimeout(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ComplianceException(
                    "Cannot " + action + ": X answered " + response.statusCode() + title(response.body()));
        }
        return response.body();
    }

    /** The problem's title (RFC 7807), if the body is one; never the raw body. */
    private static String title(byte[] body) {
        try {
            JsonNode problem = Json.MAPPER.readTree(body);
            String title = problem == null ? null : problem.path("title").asText(null);
            return title == null ? "" : " " + title;
        } catch (IOException e) {
            return "";
        }
    }

    private static ComplianceJob job(byte[] body) {
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(body).path("data");
        } catch (IOException e) {
            throw new ComplianceException("Cannot read a compliance job from X: the answer is not JSON", e);
        }
        String id = data.path("id").asText(null);
        String status = data.path("status").asText(null);
        if (id == null
                || status == null
                || !data.path("upload_url").isTextual()
                || !data.path("download_url").isTextual()) {
            throw new ComplianceException("Cannot read a compliance job from X: id, status or URLs missing");
        }
        return new ComplianceJob(
                id,
                data.path("type").asText(),
                status,
                URI.create(data.get("upload_url").asText()),
                URI.create(data.get("download_url").asText()));
    }
}
