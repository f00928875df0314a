package dev.custcode.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local stack for a test class, started before its first test and stopped after its last:
 * {@code @RegisterExtension static final StackPerClass STACK = new StackPerClass();}.
 */
final class StackPerClass implements BeforeAllCallback, AfterAllCallback {
    private TestStack stack;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack = TestStack.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    TestStack get() {
        return stack;
    }
}
