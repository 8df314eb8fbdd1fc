package dev.xlake.convert;

import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/** The records' UTF-8 values as {@code String}s, for assertions written against text. */
final class Utf8Strings {

    private Utf8Strings() {}

    static String str(UTF8String value) {
        return value == null ? null : value.toString();
    }

    static List<String> strs(List<UTF8String> values) {
        return values.stream().map(Utf8Strings::str).toList();
    }
}
