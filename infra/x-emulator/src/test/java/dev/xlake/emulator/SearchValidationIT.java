package dev.xlake.emulator;

import static dev.xlake.emulator.SearchClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchValidationIT extends EmulatorFixture {

    /** Placeholders in the cases below, replaced relative to the fixed clock. */
    Map<String, String> resolve(String spec) {
        Map<String, String> params = new LinkedHashMap<>();
        if (spec.isBlank()) {
            return params;
        }
        for (String pair : spec.split("&")) {
            int eq = pair.indexOf('=');
            String value = pair.substring(eq + 1)
                    .replace("LONG_QUERY", "a".repeat(513))
                    .replace("EIGHT_DAYS_AGO", NOW.minus(Duration.ofDays(8)).toString())
                    .replace("ONE_HOUR_AGO", NOW.minus(Duration.ofHours(1)).toString())
                    .replace("FIVE_SECONDS_AGO", NOW.minusSeconds(5).toString())
                    .replace("TWO_HOURS_AGO", NOW.minus(Duration.ofHours(2)).toString())
                    .replace("ONE_HOUR_AHEAD", NOW.plus(Duration.ofHours(1)).toString())
                    .replace(
                            "RECENT_ID",
                            Long.toString(Snowflake.id(NOW.minusSeconds(3600).toEpochMilli(), 0, 0)))
                    .replace(
                            "OLD_ID",
                            Long.toString(
                                    Snowflake.id(NOW.minus(Duration.ofDays(8)).toEpochMilli(), 0, 0)));
            params.put(pair.substring(0, eq), value);
        }
        return params;
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "max_results=10                                     | query        | can not be empty",
                "query=                                             | query        | can not be empty",
                "query=LONG_QUERY                                   | query        | not between 1 and 512",
                "query=kpop&max_results=9                           | max_results  | not between 10 and 100",
                "query=kpop&max_results=101                         | max_results  | not between 10 and 100",
                "query=kpop&max_results=ten                         | max_results  | not a valid integer",
                "query=kpop&since_id=RECENT_ID&start_time=ONE_HOUR_AGO | since_id   | can not be used together",
                "query=kpop&until_id=RECENT_ID&end_time=ONE_HOUR_AGO   | end_time   | can not be used together",
                "query=kpop&start_time=EIGHT_DAYS_AGO               | start_time   | 'start_time' must be on or after",
                "query=kpop&end_time=FIVE_SECONDS_AGO               | end_time     | minimum of 10 seconds prior",
                "query=kpop&start_time=ONE_HOUR_AHEAD               | start_time   | 'start_time' must be a minimum of 10 seconds prior",
                "query=kpop&start_time=FIVE_SECONDS_AGO             | start_time   | 'start_time' must be a minimum of 10 seconds prior",
                "query=kpop&start_time=ONE_HOUR_AGO&end_time=TWO_HOURS_AGO | start_time | 'start_time' must be before 'end_time'",
                "query=kpop&start_time=yesterday                    | start_time   | RFC 3339",
                "query=kpop&since_id=OLD_ID                         | since_id     | 'since_id' must be a tweet id created after",
                "query=kpop&until_id=OLD_ID                         | until_id     | 'until_id' must be a tweet id created after",
                "query=kpop&since_id=12ab                           | since_id     | does not match",
                "query=kpop&tweet.fields=created_at,colour          | tweet.fields | is not one of",
                "query=kpop&expansions=author                       | expansions   | is not one of",
                "query=kpop&user.fields=email                       | user.fields  | is not one of",
                "query=kpop&maxresults=10                           | maxresults   | is not one of",
                "query=kpop&sort_order=oldest                       | sort_order   | is not one of",
                "query=(kpop                                        | query        | Missing closing parenthesis",
                "query=-kpop                                        | query        | at least one positive",
                "query=kpop&next_token=abc123                       | next_token   | is not valid"
            })
    void shouldAnswerInvalidRequestsWithXsProblem(String request, String parameter, String message) {
        assertInvalidRequest(client.get(resolve(request)), parameter, message);
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "query=kpop&query=bts                      | query        | given 2 times",
                "query=kpop&max_results=10&max_results=20  | max_results  | given 2 times",
                "query=caf%E9                              | query        | not valid percent-encoded UTF-8",
                "query=kpop&tweet.fields=%C3               | tweet.fields | not valid percent-encoded UTF-8"
            })
    void shouldAnswerRepeatedOrBadlyEncodedParametersWithXsProblem(String rawQuery, String parameter, String message) {
        // When the query string is sent as is, not re-encoded by the client
        HttpResponse<String> response = client.getPath(XApiEmulator.SEARCH_PATH + "?" + rawQuery);

        // Then
        assertInvalidRequest(response, parameter, message);
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "query=%zz          | query | not valid percent-encoded UTF-8",
                "query=kpop%        | query | not valid percent-encoded UTF-8",
                "query=kpop&next_token=%g1 | next_token | not valid percent-encoded UTF-8"
            })
    void shouldAnswerAQueryStringThatIsNotAUriWithXsProblem(String rawQuery, String parameter, String message)
            throws Exception {
        // Given a request line java.net.URI refuses (so no URI-based client can send it)
        URI base = URI.create(emulator.baseUrl());
        String status;
        String contentType = null;
        String body;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + XApiEmulator.SEARCH_PATH + "?" + rawQuery + " HTTP/1.1\r\n"
                            + "Host: " + base.getAuthority() + "\r\n"
                            + "Authorization: Bearer " + TOKEN + "\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String[] headAndBody = response.split("\r\n\r\n", 2);
            String[] head = headAndBody[0].split("\r\n");
            status = head[0];
            for (String header : head) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    contentType = header.substring("content-type:".length()).trim();
                }
            }
            body = headAndBody[1];
        }

        // Then X's JSON problem, not a server's HTML page
        assertThat(status).as(body).startsWith("HTTP/1.1 400");
        assertThat(contentType).isEqualTo("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(body);
        assertThat(problem.path("title").asText()).isEqualTo("Invalid Request");
        assertThat(problem.at("/errors/0/message").asText()).contains(message);
        assertThat(problem.at("/errors/0/parameters").has(parameter)).as(body).isTrue();
    }

    private static void assertInvalidRequest(HttpResponse<String> response, String parameter, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode body = json(response);
        assertThat(body.path("title").asText()).isEqualTo("Invalid Request");
        assertThat(body.path("detail").asText()).isEqualTo("One or more parameters to your request was invalid.");
        assertThat(body.path("type").asText()).isEqualTo("https://api.twitter.com/2/problems/invalid-request");
        assertThat(body.at("/errors/0/message").asText()).contains(message);
        assertThat(body.at("/errors/0/parameters").has(parameter))
                .as(body.toString())
                .isTrue();
    }
}
