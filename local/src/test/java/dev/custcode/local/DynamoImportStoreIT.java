package dev.custcode.local;

import dev.custcode.aws.dynamodb.DynamoImportStore;
import dev.custcode.store.ImportStore;
import dev.custcode.testing.ImportStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The DynamoDB adapter of the imports keeps the contract the in-memory fake keeps: DynamoDB Local
 * alone (no stack), one table shaped as the template's ImportsTable per test.
 */
class DynamoImportStoreIT extends ImportStoreContract {
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
    protected ImportStore emptyStore() throws Exception {
        return new DynamoImportStore(local.dynamo, local.freshTable("ImportsTable"));
    }
}
