package dev.xlake.submit;

import dev.xlake.s3.InMemoryObjectStore;

/** {@link S3ClaimsContract} on the in-memory store: the claim rules without a server. */
class S3ClaimStoreTest extends S3ClaimsContract {

    S3ClaimStoreTest() {
        super(() -> new InMemoryObjectStore(BUCKET));
    }
}
