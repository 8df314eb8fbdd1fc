package dev.xlake.convert;

import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * A sized row: an {@link UnsafeRow}'s bytes preceded by their count, the form the keyed tables'
 * rows are kept in by a task ({@link KeyedTable#newestRows}) and travel in through the shuffle
 * ({@link KeyedShuffle}), where chunks are sized rows one after the other.
 */
final class SizedRow {

    private SizedRow() {}

    /**
     * {@code row} as a sized row, written into {@code reuse} when it is large enough (a kept copy
     * being replaced by a newer one of its key; any bytes after the row are left as they are), else
     * into a new array.
     */
    static byte[] write(UnsafeRow row, byte[] reuse) {
        int size = row.getSizeInBytes();
        byte[] sized = reuse != null && reuse.length >= Integer.BYTES + size ? reuse : new byte[Integer.BYTES + size];
        Platform.putInt(sized, Platform.BYTE_ARRAY_OFFSET, size);
        row.writeToMemory(sized, Platform.BYTE_ARRAY_OFFSET + Integer.BYTES);
        return sized;
    }

    /** The bytes the sized row at {@code offset} takes, its count included. */
    static int length(byte[] bytes, int offset) {
        return Integer.BYTES + Platform.getInt(bytes, Platform.BYTE_ARRAY_OFFSET + offset);
    }

    /** The row of {@code fields} columns at {@code offset}, pointing into {@code bytes}. */
    static UnsafeRow read(byte[] bytes, int offset, int fields) {
        UnsafeRow row = new UnsafeRow(fields);
        row.pointTo(
                bytes,
                Platform.BYTE_ARRAY_OFFSET + offset + Integer.BYTES,
                Platform.getInt(bytes, Platform.BYTE_ARRAY_OFFSET + offset));
        return row;
    }
}
