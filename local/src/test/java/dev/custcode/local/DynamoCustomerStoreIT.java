package dev.custcode.local;

import dev.custcode.aws.dynamodb.DynamoCustomerStore;
import dev.custcode.store.CustomerStore;
import dev.custcode.testing.CustomerStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DynamoDB adapter of the customers keeps the contract the in-memory fake keeps: DynamoDB Local
 * alone (no stack), one table shaped as the template's CustomersTable per test.
 */
class DynamoCustomerStoreIT extends CustomerStoreContract {
    @RegisterExtension
    static final DynamoDbLocalAlone local = new DynamoDbLocalAlone();

    @Override
    protected CustomerStore emptyStore() throws Exception {
        return new DynamoCustomerStore(local.dynamo, local.freshTable("CustomersTable"));
    }
}
