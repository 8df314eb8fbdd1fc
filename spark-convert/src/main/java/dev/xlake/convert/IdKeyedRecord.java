package dev.xlake.convert;

/** A {@link KeyedRecord} keyed by its {@code id}: a user, post, place or poll (media have a media key). */
public interface IdKeyedRecord extends KeyedRecord {

    String id();

    @Override
    default String key() {
        return id();
    }
}
