package dev.custcode.local;

import dev.custcode.aws.dynamodb.DynamoFolderStore;
import dev.custcode.store.FolderStore;
import dev.custcode.testing.FolderStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DynamoDB adapter of the folders registry keeps the contract the in-memory fake keeps:
 * DynamoDB Local alone (no stack), one table shaped as the template's FoldersTable per test.
 */
class DynamoFolderStoreIT extends FolderStoreContract {
    @RegisterExtension
    static final DynamoDbLocalAlone local = new DynamoDbLocalAlone();

    @Override
    protected FolderStore emptyStore() throws Exception {
        return new DynamoFolderStore(local.dynamo, local.freshTable("FoldersTable"));
    }
}
