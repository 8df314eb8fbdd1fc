package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SizedRowTest {

    private static final Instant T = Instant.parse("2026-11-25T20:15:00.123456Z");
    private static final StructType USERS = KeyedTable.USERS.sparkType();

    @Test
    void shouldKeepTheNewestCopyWrittenOverTheOneItReplacesWhenItFits() {
        // Given a task's kept users as rows from the first, each newer copy of the key larger or smaller than the last
        NewestRows<UserRecord, byte[]> users = KeyedTable.USERS.newestRows(USERS, 0);
        List<byte[]> arrays = new ArrayList<>();
        String[] names = {"a medium name", "a much, much longer name than that", "short", "mid-sized name"};
        for (int copy = 0; copy < names.length; copy++) {
            users.offer(user(names[copy], copy));
            arrays.add(users.values().get(0));
        }

        // Then a copy that fits went into the array of the one it replaced, a larger one into a new one
        assertThat(arrays.get(1)).isNotSameAs(arrays.get(0));
        assertThat(arrays.get(2)).isSameAs(arrays.get(1));
        assertThat(arrays.get(3)).isSameAs(arrays.get(1));

        // And the kept row is the newest copy, whatever the array held before
        byte[] kept = arrays.get(3);
        assertThat(SizedRow.length(kept, 0)).isLessThan(kept.length);
        UnsafeRow row = SizedRow.read(kept, 0, USERS.size());
        assertThat(row.getUTF8String(USERS.fieldIndex("name")).toString()).isEqualTo("mid-sized name");
        assertThat(row.getLong(USERS.fieldIndex("fetched_at"))).isEqualTo(LakeSchema.micros(T.plusSeconds(3)));
        assertThat(row.getUTF8String(USERS.fieldIndex("raw_object")).toString()).isEqualTo("k3");
        assertThat(row.copy())
                .as("the same row as a fresh projection of that copy")
                .isEqualTo(SizedRow.read(SizedRow.write(project(user("mid-sized name", 3)), null), 0, USERS.size()));
    }

    private static UserRecord user(String name, int copy) {
        return NewestRowsTest.user("42", name, T.plusSeconds(copy), "R1", "k" + copy);
    }

    private static UnsafeRow project(UserRecord user) {
        return UnsafeProjection.create(USERS).apply(KeyedTable.USERS.row(user));
    }
}
