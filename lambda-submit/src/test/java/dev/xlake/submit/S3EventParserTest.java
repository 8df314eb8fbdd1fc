package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.submit.S3EventParser.CreatedObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class S3EventParserTest {

    static final String BUCKET = "xlake-data-123456789012";
    final S3EventParser parser = new S3EventParser(new ObjectMapper());

    static InputStream resource(String name) {
        InputStream in = S3EventParserTest.class.getResourceAsStream("/submit/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    @Test
    void shouldDecodeKeysOfCreatedObjectsInADocumentedS3Notification() throws IOException {
        assertThat(parser.parse(resource("s3-event-notification.json")))
                .containsExactly(
                        new CreatedObject(
                                BUCKET,
                                "raw/x/recent-search/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json"),
                        new CreatedObject(
                                BUCKET, "raw/x/recent-search/query=kpop/notes/my nötes + more/_manifest.json"));
    }

    @Test
    void shouldFindNoObjectsInTheTestEventS3SendsWhenNotificationsAreConfigured() throws IOException {
        assertThat(parser.parse(resource("s3-test-event.json"))).isEmpty();
    }

    @Test
    void shouldReadEventBridgeObjectCreatedEventsWithoutDecoding() throws IOException {
        assertThat(parser.parse(resource("eventbridge-object-created.json")))
                .containsExactly(new CreatedObject(
                        BUCKET,
                        "raw/x/recent-search/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json"));
    }

    @Test
    void shouldRejectARecordWithoutKey() {
        String event = """
                {"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{}}}]}""";
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot parse S3 event: record without object.key");
    }

    @Test
    void shouldDecodePlusAsSpaceAndPercentEscapesAsUtf8() {
        assertThat(S3EventParser.decodeKey("a+b%2Bc%3Dd%20%C3%A9")).isEqualTo("a b+c=d é");
    }
}
