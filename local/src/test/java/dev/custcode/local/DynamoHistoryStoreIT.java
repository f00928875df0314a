package dev.custcode.local;

import dev.custcode.aws.dynamodb.DynamoHistoryStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.testing.HistoryStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DynamoDB adapter of the history keeps the contract the in-memory fake keeps: DynamoDB Local
 * alone (no stack), one table shaped as the template's HistoryTable per test.
 */
class DynamoHistoryStoreIT extends HistoryStoreContract {
    @RegisterExtension
    static final DynamoDbLocalAlone local = new DynamoDbLocalAlone();

    @Override
    protected HistoryStore emptyStore() throws Exception {
        return new DynamoHistoryStore(local.dynamo, local.freshTable("HistoryTable"));
    }
}
