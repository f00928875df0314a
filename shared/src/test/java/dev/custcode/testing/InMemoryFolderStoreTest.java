package dev.custcode.testing;

import dev.custcode.store.FolderStore;

/** The in-memory folders registry keeps the contract the DynamoDB adapter keeps (DynamoFolderStoreIT). */
class InMemoryFolderStoreTest extends FolderStoreContract {
    @Override
    protected FolderStore emptyStore() {
        return new InMemoryFolderStore();
    }
}
