package dev.custcode.testing;

import dev.custcode.store.HistoryStore;

/** The in-memory history keeps the contract the DynamoDB adapter keeps (DynamoHistoryStoreIT). */
class InMemoryHistoryStoreTest extends HistoryStoreContract {
    @Override
    protected HistoryStore emptyStore() {
        return new InMemoryHistoryStore();
    }
}
