package dev.custcode.local;

import dev.custcode.aws.dynamodb.DynamoCodeAllocator;
import dev.custcode.aws.dynamodb.DynamoCustomerStore;
import dev.custcode.aws.dynamodb.DynamoGaplessNumbering;
import dev.custcode.testing.GaplessNumberingContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DynamoDB gapless numbering keeps the contract the in-memory fakes keep: DynamoDB Local alone
 * (no stack), tables shaped as the template's CustomersTable and CountersTable per test.
 */
class DynamoGaplessNumberingIT extends GaplessNumberingContract {
    @RegisterExtension
    static final DynamoDbLocalAlone local = new DynamoDbLocalAlone();

    @Override
    protected Stores emptyStores() throws Exception {
        String customers = local.freshTable("CustomersTable");
        String counters = local.freshTable("CountersTable");
        return new Stores(new DynamoGaplessNumbering(local.dynamo, customers, counters), new DynamoCustomerStore(local.dynamo, customers),
                new DynamoCodeAllocator(local.dynamo, counters));
    }
}
