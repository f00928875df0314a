package dev.custcode.testing;

import dev.custcode.store.ImportStore;

/** The in-memory import store keeps the contract the DynamoDB adapter keeps (DynamoImportStoreIT). */
class InMemoryImportStoreTest extends ImportStoreContract {
    @Override
    protected ImportStore emptyStore() {
        return new InMemoryImportStore();
    }
}
