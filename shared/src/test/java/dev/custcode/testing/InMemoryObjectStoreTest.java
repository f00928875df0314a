package dev.custcode.testing;

import dev.custcode.store.ObjectStore;

/** The in-memory bucket keeps the contract S3 keeps ({@code S3ObjectStoreIT}). */
class InMemoryObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore emptyStore() {
        return new InMemoryObjectStore();
    }
}
