package dev.custcode.testing;

/** The in-memory gapless numbering keeps the contract the DynamoDB adapter keeps (DynamoGaplessNumberingIT). */
class InMemoryGaplessNumberingTest extends GaplessNumberingContract {
    @Override
    protected Stores emptyStores() {
        InMemoryStores stores = new InMemoryStores();
        return new Stores(stores.gapless, stores.customers, stores.counters);
    }
}
