package dev.custcode.local;

import dev.custcode.aws.dynamodb.DynamoHistoryStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.testing.HistoryStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The DynamoDB adapter of the history keeps the contract the in-memory fake keeps: DynamoDB Local
 * alone (no stack), one table shaped as the template's HistoryTable per test.
 */
class DynamoHistoryStoreIT extends HistoryStoreContract {
    private static DynamoDbLocalAlone local;

    @BeforeAll
    static void start() throws Exception {
        local = new DynamoDbLocalAlone();
    }

    @AfterAll
    static void stop() throws Exception {
        local.close();
    }

    @Override
    protected HistoryStore emptyStore() throws Exception {
        return new DynamoHistoryStore(local.dynamo, local.freshTable("HistoryTable"));
    }
}
