package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonObjectIdTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String peek(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonObjectId.peek(bytes, 0, bytes.length);
    }

    static Stream<Arguments> objects() {
        return Stream.of(
                Arguments.of("{\"id\":\"42\",\"name\":\"a\"}", "42"),
                Arguments.of("{ \"name\" : \"a \\\"id\\\": \\\"7\\\"\" , \"id\" :\n\"42\" }", "42"),
                Arguments.of(
                        "{\"entities\":{\"id\":\"7\",\"list\":[{\"id\":\"8\"}]},\"ids\":[\"9\"],\"id\":\"42\"}", "42"),
                Arguments.of("{\"a\":[\"id\",\"x\"],\"b\":\"id\",\"id\":\"42\"}", "42"),
                Arguments.of("{\"name\":\"\\\\\",\"id\":\"42\"}", "42"),
                Arguments.of("{\"id\":\"18446744073709551615\"}", "18446744073709551615"),
                Arguments.of("{\"id\":42}", "42"),
                Arguments.of("{\"id\": 42 ,\"a\":1}", "42"),
                Arguments.of("{\"nested\":{\"id\":\"7\"}}", null),
                Arguments.of("{\"id\":42.5}", null),
                Arguments.of("{\"id\":-42}", null),
                Arguments.of("{\"id\":42e3}", null),
                Arguments.of("{\"id\":\"4\\u0032\"}", null),
                Arguments.of("{\"i\\u0064\":\"42\"}", null),
                Arguments.of("{\"id\":\"x42\"}", null),
                Arguments.of("{\"id\":\"\"}", null),
                Arguments.of("{\"id\":\"123456789012345678901\"}", null),
                Arguments.of("{\"id\":null}", null),
                Arguments.of("{\"name\":\"cut", null),
                Arguments.of("{\"id\":\"42", null),
                Arguments.of("[\"id\",\"42\"]", null),
                Arguments.of("{}", null));
    }

    @ParameterizedTest
    @MethodSource("objects")
    void shouldFindTheObjectsOwnIdOnlyWhenItIsAPlainDigitString(String json, String expected) {
        assertThat(peek(json)).as(json).isEqualTo(expected);
    }

    @Test
    void shouldStopAtTheEndGivenAndReadFromTheObjectsStart() {
        byte[] bytes = "[{\"id\":\"1\"},{\"name\":\"x\"},{\"id\":\"3\"}]".getBytes(StandardCharsets.UTF_8);

        assertThat(JsonObjectId.peek(bytes, 1, bytes.length)).isEqualTo("1");
        assertThat(JsonObjectId.peek(bytes, 12, bytes.length))
                .as("ends at its own brace")
                .isNull();
        assertThat(JsonObjectId.peek(bytes, 25, bytes.length)).isEqualTo("3");
        assertThat(JsonObjectId.peek(bytes, 25, 33))
                .as("id value cut by the end")
                .isNull();
        assertThat(JsonObjectId.peek(bytes, 0, bytes.length))
                .as("not an object")
                .isNull();
    }

    @Test
    void shouldAgreeWithJacksonOnRandomObjects() throws Exception {
        Random random = new Random(11);
        int found = 0;
        for (int i = 0; i < 5_000; i++) {
            ObjectNode object = randomObject(random, 0);
            String json = random.nextBoolean()
                    ? JSON.writeValueAsString(object)
                    : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(object);
            JsonNode id = object.get("id");
            String expected = id != null
                            && (id.isTextual() || id.isIntegralNumber())
                            && id.asText().matches("[0-9]{1,20}")
                    ? id.asText()
                    : null;

            assertThat(peek(json)).as(json).isEqualTo(expected);
            found += expected == null ? 0 : 1;
        }
        assertThat(found).as("objects with a plain digit id").isBetween(1_000, 4_000);
    }

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode object = JSON.createObjectNode();
        int fields = random.nextInt(5);
        int idAt = random.nextInt(fields + 2); // past the fields: no id
        for (int f = 0; f <= fields; f++) {
            if (f == idAt) {
                object.set("id", randomId(random));
            }
            if (f < fields) {
                object.set(randomName(random), randomValue(random, depth));
            }
        }
        return object;
    }

    private static JsonNode randomValue(Random random, int depth) {
        return switch (depth > 2 ? random.nextInt(3) : random.nextInt(5)) {
            case 0 -> JSON.getNodeFactory().textNode(randomText(random));
            case 1 -> JSON.getNodeFactory().numberNode(random.nextLong());
            case 2 ->
                random.nextBoolean()
                        ? JSON.getNodeFactory().nullNode()
                        : JSON.getNodeFactory().booleanNode(true);
            case 3 -> randomObject(random, depth + 1);
            default -> {
                ArrayNode array = JSON.createArrayNode();
                for (int e = random.nextInt(4); e > 0; e--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static JsonNode randomId(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> JSON.getNodeFactory().numberNode(random.nextInt(1000));
            case 1 -> JSON.getNodeFactory().textNode(randomText(random));
            default -> JSON.getNodeFactory().textNode(Long.toUnsignedString(random.nextLong()));
        };
    }

    /** Names that look like the id: "id" itself is only ever the object's own id field. */
    private static String randomName(Random random) {
        String[] names = {"name", "ids", "i", "d", "idx", "\"id\"", "i\"d", "entities", "id "};
        return names[random.nextInt(names.length)];
    }

    /** Texts with what a scanner must get past: quotes, backslashes, braces, "id" itself, non-ASCII. */
    private static String randomText(Random random) {
        String[] parts = {
            "id", "\"", "\\", "{", "}", "[", "]", ",", ":", "\"id\":\"1\"", "é", "😀", "\n", "\u0001", "42"
        };
        StringBuilder text = new StringBuilder();
        for (int p = random.nextInt(6); p > 0; p--) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        return text.toString();
    }
}
