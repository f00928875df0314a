package dev.custcode.testing;

import dev.custcode.store.CustomerStore;

/** The in-memory customer store keeps the contract the DynamoDB adapter keeps (DynamoCustomerStoreIT). */
class InMemoryCustomerStoreTest extends CustomerStoreContract {
    @Override
    protected CustomerStore emptyStore() {
        return new InMemoryCustomerStore();
    }
}
