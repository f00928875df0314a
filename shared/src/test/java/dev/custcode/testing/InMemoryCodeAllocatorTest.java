package dev.custcode.testing;

import dev.custcode.codes.CodeAllocator;

/** The in-memory counters keep the contract the DynamoDB adapter keeps (DynamoCodeAllocatorIT). */
class InMemoryCodeAllocatorTest extends CodeAllocatorContract {
    @Override
    protected CodeAllocator emptyAllocator() {
        return new InMemoryCodeAllocator();
    }
}
