package dev.custcode.local;

import dev.custcode.aws.dynamodb.DynamoCodeAllocator;
import dev.custcode.codes.CodeAllocator;
import dev.custcode.testing.CodeAllocatorContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DynamoDB counters keep the contract the in-memory fake keeps: DynamoDB Local alone (no
 * stack), one table shaped as the template's CountersTable per test.
 */
class DynamoCodeAllocatorIT extends CodeAllocatorContract {
    @RegisterExtension
    static final DynamoDbLocalAlone local = new DynamoDbLocalAlone();

    @Override
    protected CodeAllocator emptyAllocator() throws Exception {
        return new DynamoCodeAllocator(local.dynamo, local.freshTable("CountersTable"));
    }
}
